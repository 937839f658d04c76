/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-columns.h"
#include "berth-row-slots.h"

/* Columns whose cells are bound to model properties with GtkExpressions:
 * a cell follows its object's notify signals, so objects updated in place
 * refresh their rows without rebinding. */

/**
 * berth_item_property:
 *
 * Returns: (transfer full): an expression for @property of the item shown
 *   by the GtkListItem it is evaluated on (the item of its BerthRowSlot)
 */
GtkExpression *
berth_item_property (GType       item_type,
                     const char *property)
{
  return gtk_property_expression_new (item_type, berth_row_slot_expression (), property);
}

/**
 * berth_item_closure:
 * @callback: called as (gpointer this, <property value>) → @value_type
 *
 * Returns: (transfer full): an expression formatting @property of the item
 */
GtkExpression *
berth_item_closure (GType       value_type,
                    GCallback   callback,
                    GType       item_type,
                    const char *property)
{
  GtkExpression *params[] = { berth_item_property (item_type, property) };

  return gtk_cclosure_expression_new (value_type, NULL, 1, params, callback, NULL, NULL);
}

typedef struct
{
  GtkExpression *expression;
  GType          widget_type;
  char          *property;
  char          *css_class;
} CellSpec;

static void
cell_spec_free (gpointer data,
                GClosure *closure)
{
  CellSpec *spec = data;

  gtk_expression_unref (spec->expression);
  g_free (spec->property);
  g_free (spec->css_class);
  g_free (spec);
}

/* The tooltip is made when it is shown. Binding tooltip-text instead costs
 * a round trip to the display server per cell and bind (GTK asks where the
 * pointer is), and GTK 4.8 builds up to 200 rows at each list change. */
static gboolean
label_query_tooltip_cb (GtkLabel   *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  const char *text = gtk_label_get_label (label);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          CellSpec                 *spec)
{
  GtkWidget *widget = g_object_new (spec->widget_type, NULL);

  if (GTK_IS_LABEL (widget))
    {
      gtk_label_set_xalign (GTK_LABEL (widget), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (widget), TRUE);
    }
  if (spec->css_class != NULL)
    gtk_widget_add_css_class (widget, spec->css_class);

  gtk_list_item_set_child (list_item, widget);
  gtk_expression_bind (gtk_expression_ref (spec->expression), widget, spec->property, list_item);

  /* Ellipsized text is readable in full as a tooltip. */
  if (GTK_IS_LABEL (widget))
    {
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (label_query_tooltip_cb), NULL);
    }
}

static GtkColumnViewColumn *
column_new (const char    *title,
            GtkExpression *item_expression,
            GType          widget_type,
            const char    *property,
            const char    *css_class,
            GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  CellSpec *spec = g_new0 (CellSpec, 1);

  spec->expression = item_expression;
  spec->widget_type = widget_type;
  spec->property = g_strdup (property);
  spec->css_class = g_strdup (css_class);
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), spec, cell_spec_free, 0);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sorter != NULL)
    {
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }

  return column;
}

/**
 * berth_column_new_label:
 * @item_expression: (transfer full): a string expression, see berth_item_property()
 * @sorter: (transfer full) (nullable): how the column sorts
 */
GtkColumnViewColumn *
berth_column_new_label (const char    *title,
                        GtkExpression *item_expression,
                        const char    *css_class,
                        GtkSorter     *sorter)
{
  return column_new (title, item_expression, GTK_TYPE_LABEL, "label", css_class, sorter);
}

/**
 * berth_column_new_widget:
 * @item_expression: (transfer full): bound to @property of each cell widget
 * @widget_type: the cell widget
 * @sorter: (transfer full) (nullable): how the column sorts
 */
GtkColumnViewColumn *
berth_column_new_widget (const char    *title,
                         GtkExpression *item_expression,
                         GType          widget_type,
                         const char    *property,
                         GtkSorter     *sorter)
{
  return column_new (title, item_expression, widget_type, property, NULL, sorter);
}

GtkSorter *
berth_string_sorter_new (GType       item_type,
                         const char *property)
{
  GtkStringSorter *sorter = gtk_string_sorter_new (gtk_property_expression_new (item_type, NULL, property));

  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  return GTK_SORTER (sorter);
}

static int
compare_enum (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const char *property = user_data;
  int va = 0, vb = 0;

  g_object_get ((gpointer) a, property, &va, NULL);
  g_object_get ((gpointer) b, property, &vb, NULL);
  return (va > vb) - (va < vb);
}

/* GtkNumericSorter knows numbers and booleans; enums are sorted by value. */
GtkSorter *
berth_numeric_sorter_new (GType       item_type,
                          const char *property)
{
  g_autoptr (GTypeClass) klass = g_type_class_ref (item_type);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), property);

  g_return_val_if_fail (pspec != NULL, NULL);

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    return GTK_SORTER (gtk_custom_sorter_new (compare_enum, (gpointer) g_intern_string (property), NULL));

  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (item_type, NULL, property)));
}
