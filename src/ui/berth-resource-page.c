/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-confirm.h"
#include "berth-lazy-cells.h"
#include "berth-resource-page.h"
#include "berth-row-slots.h"
#include "berth-spinner.h"
#include "berth-window.h"
#include "berth-trace.h"

/* What the four pages share: a live list (filtered by the search and by the
 * page, sorted by the clicked column, multi-selectable), the empty states
 * that teach, and the selection bar. Subclasses add columns and actions.
 *
 * Model chain: BerthResourceList → GtkSortListModel (column sorter) →
 * GtkFilterListModel → BerthRowSlots (rows that change items in place;
 * the selection) → GtkColumnView. The view's items are BerthRowSlots:
 * berth_resource_page_get_item() gives the object shown at a position. */

typedef struct
{
  /* Template widgets */
  GtkWidget          *toolbar;
  GtkSearchEntry     *search_entry;
  GtkWidget          *tools;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkColumnView      *column_view;
  BerthLazyCells     *lazy_cells;
  AdwStatusPage      *empty_page;
  GtkWidget          *command_box;
  GtkLabel           *command_label;
  AdwStatusPage      *filtered_page;
  GtkActionBar       *selection_bar;
  GtkLabel           *selection_label;
  GtkWidget          *selection_buttons;

  /* Owned */
  BerthStore         *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  BerthRowSlots      *selection;
  char               *search;
  char               *first_command;

  /* Borrowed from the store */
  BerthResourceList  *list;

  guint               shown_once : 1;
} BerthResourcePagePrivate;

enum {
  PROP_0,
  PROP_STORE,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BerthResourcePage, berth_resource_page, GTK_TYPE_WIDGET)

#define PRIV(self) ((BerthResourcePagePrivate *) berth_resource_page_get_instance_private (BERTH_RESOURCE_PAGE (self)))

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  BerthResourcePage *self = user_data;
  BerthResourcePagePrivate *priv = PRIV (self);
  BerthResourcePageClass *klass = BERTH_RESOURCE_PAGE_GET_CLASS (self);

  if (klass->filter != NULL && !klass->filter (self, item))
    return FALSE;

  return berth_resource_matches (item, priv->search);
}

static void
show_view (BerthResourcePage *self,
           const char        *name)
{
  BerthResourcePagePrivate *priv = PRIV (self);

  if (g_str_equal (name, "loading"))
    berth_spinner_start_later (priv->spinner);
  else
    berth_spinner_stop (priv->spinner);
  gtk_stack_set_visible_child_name (priv->stack, name);

  if (g_str_equal (name, "list") && !priv->shown_once)
    {
      priv->shown_once = TRUE;
      berth_trace_mark ("list-shown", "%s %u", berth_resource_page_get_title (self),
                        g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model)));
    }
}

/* A status page's large icon is an SVG, and GTK loads an icon as soon as
 * it measures its image, shown or not; the first SVG also maps librsvg
 * (~8 MiB resident). The empty page gets its icon when it is first mapped,
 * so a window whose lists have items never loads it (tests/bench, memory). */
static void
empty_page_map_cb (AdwStatusPage     *empty_page,
                   BerthResourcePage *self)
{
  adw_status_page_set_icon_name (empty_page, berth_resource_page_get_icon_name (self));
}

static void
update_view (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  BerthResourcePageClass *klass = BERTH_RESOURCE_PAGE_GET_CLASS (self);
  g_autofree char *description = NULL;

  if (priv->list == NULL || !berth_resource_list_get_loaded (priv->list))
    show_view (self, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (priv->list)) == 0)
    show_view (self, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model)) > 0)
    show_view (self, "list");
  else if (priv->search != NULL && *priv->search != '\0')
    {
      description = g_strdup_printf (_("Nothing matches “%s”. Search looks at names, images and IDs."),
                                     priv->search);
      adw_status_page_set_icon_name (priv->filtered_page, "edit-find-symbolic");
      adw_status_page_set_title (priv->filtered_page, _("No Results"));
      adw_status_page_set_description (priv->filtered_page, description);
      adw_status_page_set_child (priv->filtered_page, NULL);
      show_view (self, "filtered");
    }
  else if (klass->update_empty != NULL && klass->update_empty (self, priv->filtered_page))
    show_view (self, "filtered");
  else
    show_view (self, "empty");
}

/* GtkListView keeps its first visible row in place when rows are inserted
 * above it, so in a list sorted newest first a new container would land
 * just above the visible area. A list scrolled to the top stays there.
 * (Connected after the list view's own handler, which moves its anchor.) */
static void
keep_top_cb (BerthResourcePage *self,
             guint              position,
             guint              removed,
             guint              added)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (priv->column_view));
  GtkWidget *child;

  if (position != 0 || added == 0 || adjustment == NULL ||
      gtk_adjustment_get_value (adjustment) > gtk_adjustment_get_lower (adjustment))
    return;

  /* The rows are in the column view's inner list view, which has the action. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (priv->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
    }
}

/* GTK 4.8 builds up to 200 rows for a list as soon as the view has a
 * model, shown or not: a page gives its view the model when it is first
 * shown, so the pages nobody looks at cost no rows (tests/bench). */
static void
map_cb (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);

  if (priv->column_view != NULL && gtk_column_view_get_model (priv->column_view) == NULL)
    gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));
}

static void
selection_changed_cb (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (priv->selection));
  guint n = gtk_bitset_get_size (selected);
  g_autofree char *text = NULL;

  /* Translators: how many rows are selected */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);
  gtk_label_set_label (priv->selection_label, text);
  gtk_action_bar_set_revealed (priv->selection_bar, n > 0);
}

static void
list_refreshed_cb (BerthResourcePage *self,
                   const GError      *error)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  GtkSorter *sorter;

  /* Objects change in place; the filter and the sort order may depend on
   * what changed (a container that stopped, a renamed volume). */
  gtk_filter_changed (GTK_FILTER (priv->filter), GTK_FILTER_CHANGE_DIFFERENT);
  sorter = gtk_column_view_get_sorter (priv->column_view);
  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
usage_changed_cb (BerthResourcePage *self,
                  guint              kind)
{
  if (kind == BERTH_RESOURCE_PAGE_GET_CLASS (self)->kind)
    list_refreshed_cb (self, NULL);
}

static void
search_changed_cb (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);

  g_free (priv->search);
  priv->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (priv->search_entry)));
  berth_resource_page_refilter (self);
}

static void
stop_search_cb (BerthResourcePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (PRIV (self)->search_entry), "");
}

static void
copy_command_cb (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);

  gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s", priv->first_command);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BerthResourcePage *self = BERTH_RESOURCE_PAGE (widget);
  BerthResourcePagePrivate *priv = PRIV (self);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *verb, *id;
  BerthResource *item;

  g_variant_get (parameter, "(&s&s)", &verb, &id);
  if (priv->list == NULL || (item = berth_resource_list_lookup (priv->list, id)) == NULL)
    return;

  g_ptr_array_add (items, g_object_ref (item));
  berth_resource_page_act (self, verb, items);
}

static void
act_selected_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BerthResourcePage *self = BERTH_RESOURCE_PAGE (widget);
  g_autoptr (GPtrArray) items = berth_resource_page_get_selected (self);

  if (items->len > 0)
    berth_resource_page_act (self, g_variant_get_string (parameter, NULL), items);
}

static void
berth_resource_page_dispose (GObject *object)
{
  BerthResourcePage *self = BERTH_RESOURCE_PAGE (object);
  BerthResourcePagePrivate *priv = PRIV (self);
  GtkWidget *child;

  berth_resource_page_set_store (self, NULL);
  if (priv->column_view != NULL)
    gtk_column_view_set_model (priv->column_view, NULL);

  /* Not gtk_widget_dispose_template(): before GTK 4.10 it looks for the
   * template on the subclass, which has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  priv->column_view = NULL;
  g_clear_object (&priv->lazy_cells);
  g_clear_object (&priv->selection);
  g_clear_object (&priv->sort_model);
  g_clear_object (&priv->filter_model);
  g_clear_object (&priv->filter);

  G_OBJECT_CLASS (berth_resource_page_parent_class)->dispose (object);
}

static void
berth_resource_page_finalize (GObject *object)
{
  BerthResourcePagePrivate *priv = PRIV (object);

  g_free (priv->search);
  g_free (priv->first_command);

  G_OBJECT_CLASS (berth_resource_page_parent_class)->finalize (object);
}

static void
berth_resource_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthResourcePagePrivate *priv = PRIV (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_TITLE:
      g_value_set_string (value, berth_resource_page_get_title (BERTH_RESOURCE_PAGE (object)));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, berth_resource_page_get_icon_name (BERTH_RESOURCE_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_resource_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      berth_resource_page_set_store (BERTH_RESOURCE_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_resource_page_class_init (BerthResourcePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_resource_page_dispose;
  object_class->finalize = berth_resource_page_finalize;
  object_class->get_property = berth_resource_page_get_property;
  object_class->set_property = berth_resource_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BERTH_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-resource-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, toolbar);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, tools);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, stack);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, spinner);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, empty_page);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, command_box);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, command_label);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, filtered_page);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, selection_bar);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, selection_label);
  gtk_widget_class_bind_template_child_private (widget_class, BerthResourcePage, selection_buttons);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_command_cb);

  gtk_widget_class_install_action (widget_class, "page.act", "(ss)", act_action);
  gtk_widget_class_install_action (widget_class, "page.act-selected", "s", act_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "page.act-selected", "s", "remove");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "page.act-selected", "s", "remove");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
berth_resource_page_init (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  GtkLayoutManager *layout;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  /* Sorted first, then filtered: a search only hides and shows rows of a
   * list that is already in order, instead of sorting what it lets through
   * again at every keystroke (tests/bench, "filter"). */
  priv->filter = gtk_custom_filter_new (filter_func, self, NULL);
  sorter = gtk_column_view_get_sorter (priv->column_view);
  priv->sort_model = gtk_sort_list_model_new (NULL, sorter ? g_object_ref (sorter) : NULL);
  priv->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (priv->sort_model)),
                                                  g_object_ref (GTK_FILTER (priv->filter)));
  priv->selection = berth_row_slots_new (g_object_ref (G_LIST_MODEL (priv->filter_model)));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect_object (priv->empty_page, "map", G_CALLBACK (empty_page_map_cb), self, 0);

  g_signal_connect_object (priv->filter_model, "items-changed", G_CALLBACK (update_view),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->selection, "items-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->selection, "items-changed", G_CALLBACK (keep_top_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  gtk_search_entry_set_key_capture_widget (priv->search_entry, GTK_WIDGET (self));
  update_view (self);
}

/**
 * berth_resource_page_setup:
 * @first_command: (nullable): the command a beginner should try first
 *
 * Called once by subclasses from their init.
 */
void
berth_resource_page_setup (BerthResourcePage *self,
                           const char        *empty_title,
                           const char        *empty_description,
                           const char        *first_command)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  const char *title = berth_resource_page_get_title (self);
  g_autofree char *placeholder = NULL;

  priv->first_command = g_strdup (first_command);

  adw_status_page_set_title (priv->empty_page, empty_title);
  adw_status_page_set_description (priv->empty_page, empty_description);
  gtk_label_set_label (priv->command_label, first_command);
  gtk_widget_set_visible (priv->command_box, first_command != NULL);

  /* Translators: placeholder of the search field, e.g. "Search Containers" */
  placeholder = g_strdup_printf (_("Search %s"), title);
  g_object_set (priv->search_entry, "placeholder-text", placeholder, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

BerthStore *
berth_resource_page_get_store (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return PRIV (self)->store;
}

void
berth_resource_page_set_store (BerthResourcePage *self,
                               BerthStore        *store)
{
  BerthResourcePagePrivate *priv;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));
  g_return_if_fail (!store || BERTH_IS_STORE (store));

  priv = PRIV (self);
  if (priv->store == store)
    return;

  if (priv->list != NULL)
    g_signal_handlers_disconnect_by_data (priv->list, self);
  if (priv->store != NULL)
    g_signal_handlers_disconnect_by_data (priv->store, self);
  priv->list = NULL;
  g_set_object (&priv->store, store);

  if (store != NULL)
    {
      priv->list = berth_store_get_list (store, BERTH_RESOURCE_PAGE_GET_CLASS (self)->kind);
      g_signal_connect_object (priv->list, "refreshed", G_CALLBACK (list_refreshed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (priv->list, "notify::loaded", G_CALLBACK (update_view),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (priv->list, "items-changed", G_CALLBACK (update_view),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (store, "usage-changed", G_CALLBACK (usage_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  if (priv->sort_model != NULL)
    gtk_sort_list_model_set_model (priv->sort_model, G_LIST_MODEL (priv->list));
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* Borrowed from the store; NULL without one. */
BerthResourceList *
berth_resource_page_get_list (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return PRIV (self)->list;
}

GtkColumnView *
berth_resource_page_get_column_view (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return PRIV (self)->column_view;
}

/**
 * berth_resource_page_get_item:
 *
 * Returns: (transfer full) (nullable): the object the view shows at
 *   @position (its items are BerthRowSlots)
 */
gpointer
berth_resource_page_get_item (BerthResourcePage *self,
                              guint              position)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return berth_row_slots_get_item (PRIV (self)->selection, position);
}

const char *
berth_resource_page_get_title (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return _(BERTH_RESOURCE_PAGE_GET_CLASS (self)->title);
}

const char *
berth_resource_page_get_icon_name (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return BERTH_RESOURCE_PAGE_GET_CLASS (self)->icon_name;
}

/* Takes ownership of @column. */
void
berth_resource_page_append_column (BerthResourcePage   *self,
                                   GtkColumnViewColumn *column,
                                   gboolean             expand)
{
  BerthResourcePagePrivate *priv;
  GListModel *columns;
  g_autoptr (GtkListItemFactory) wrapped = NULL;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  priv = PRIV (self);
  /* Only the rows near the visible ones get their widgets (GTK 4.8). */
  if (priv->lazy_cells == NULL)
    priv->lazy_cells = berth_lazy_cells_new (priv->column_view);
  columns = gtk_column_view_get_columns (priv->column_view);
  wrapped = berth_lazy_cells_wrap (priv->lazy_cells,
                                   g_object_ref (gtk_column_view_column_get_factory (column)),
                                   g_list_model_get_n_items (columns) == 0);
  gtk_column_view_column_set_factory (column, wrapped);

  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (priv->column_view, column);
  g_object_unref (column);
}

void
berth_resource_page_sort_by (BerthResourcePage *self,
                             guint              column,
                             GtkSortType        direction)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  GListModel *columns = gtk_column_view_get_columns (priv->column_view);
  g_autoptr (GtkColumnViewColumn) target = g_list_model_get_item (columns, column);

  gtk_column_view_sort_by_column (priv->column_view, target, direction);
}

/* A button or switch in the page's toolbar, after the search field. */
void
berth_resource_page_add_tool (BerthResourcePage *self,
                              GtkWidget         *widget)
{
  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  gtk_box_append (GTK_BOX (PRIV (self)->tools), widget);
}

/**
 * berth_resource_page_add_tool_button:
 * @label: with a mnemonic, like "_New Volume…"
 * @tooltip: what it does, with its docker command
 * @callback: called with the page, as (BerthResourcePage *self)
 *
 * Returns: (transfer none): the button, in the page's toolbar
 */
GtkWidget *
berth_resource_page_add_tool_button (BerthResourcePage *self,
                                     const char        *label,
                                     const char        *tooltip,
                                     GCallback          callback)
{
  GtkWidget *button;

  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);

  button = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  berth_resource_page_add_tool (self, button);
  return button;
}

/* A button in the bar shown while rows are selected. */
void
berth_resource_page_add_selection_verb (BerthResourcePage *self,
                                        const char        *verb,
                                        const char        *label,
                                        gboolean           destructive)
{
  GtkWidget *button;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  button = gtk_button_new_with_mnemonic (label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "page.act-selected");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", verb);
  if (destructive)
    gtk_widget_add_css_class (button, "destructive-action");
  gtk_box_append (GTK_BOX (PRIV (self)->selection_buttons), button);
}

/**
 * berth_resource_page_get_selected:
 *
 * Returns: (transfer container) (element-type BerthResource): the
 *   selected objects, in the order shown
 */
GPtrArray *
berth_resource_page_get_selected (BerthResourcePage *self)
{
  BerthResourcePagePrivate *priv = PRIV (self);
  g_autoptr (GtkBitset) selected = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), items);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (priv->selection));
  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      do
        g_ptr_array_add (items, berth_row_slots_get_item (priv->selection, position));
      while (gtk_bitset_iter_next (&iter, &position));
    }

  return items;
}

void
berth_resource_page_refilter (BerthResourcePage *self)
{
  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  gtk_filter_changed (GTK_FILTER (PRIV (self)->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

void
berth_resource_page_focus_search (BerthResourcePage *self)
{
  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (PRIV (self)->search_entry));
}

void
berth_resource_page_set_search_text (BerthResourcePage *self,
                                     const char        *text)
{
  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (PRIV (self)->search_entry), text);
  /* Apply now rather than after the entry's typing delay. */
  search_changed_cb (self);
}

/**
 * berth_resource_page_select_id:
 *
 * Selects the item with @id, and only it, if the page shows it.
 *
 * Returns: whether it is shown (and now selected)
 */
gboolean
berth_resource_page_select_id (BerthResourcePage *self,
                               const char        *id)
{
  BerthRowSlots *shown;
  guint n;

  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  shown = PRIV (self)->selection;
  n = g_list_model_get_n_items (G_LIST_MODEL (shown));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthResource) item = berth_row_slots_get_item (shown, i);

      if (g_strcmp0 (berth_resource_get_id (item), id) == 0)
        return gtk_selection_model_select_item (GTK_SELECTION_MODEL (PRIV (self)->selection), i, TRUE);
    }
  return FALSE;
}

void
berth_resource_page_act (BerthResourcePage *self,
                         const char        *verb,
                         GPtrArray         *items)
{
  BerthResourcePageClass *klass;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  klass = BERTH_RESOURCE_PAGE_GET_CLASS (self);
  if (klass->act != NULL && items != NULL && items->len > 0)
    klass->act (self, verb, items);
}

/* "loading", "list", "empty" or "filtered": what the page shows now. */
const char *
berth_resource_page_get_view_name (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (PRIV (self)->stack);
}

guint
berth_resource_page_get_n_shown (BerthResourcePage *self)
{
  g_return_val_if_fail (BERTH_IS_RESOURCE_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (PRIV (self)->filter_model));
}

/* Asking, then doing ------------------------------------------------------ */

typedef struct
{
  BerthResourcePage *self;
  GPtrArray         *operations;   /* BerthOperation; NULL for a prune */
  BerthOperationKind prune;
  char              *done_message;
  char              *failed_heading;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->self);
  g_clear_pointer (&pending->operations, g_ptr_array_unref);
  g_free (pending->done_message);
  g_free (pending->failed_heading);
  g_free (pending);
}

static void
pending_confirmed (gpointer user_data,
                   gboolean option)
{
  Pending *pending = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (pending->self));

  if (!BERTH_IS_WINDOW (root))
    return;

  if (pending->operations == NULL)
    {
      g_autoptr (BerthOperation) op = berth_operation_new (pending->prune, NULL, NULL);

      berth_window_run_prune (BERTH_WINDOW (root), op);
      return;
    }

  /* The check box, where there is one, is "also remove anonymous volumes". */
  for (guint i = 0; option && i < pending->operations->len; i++)
    ((BerthOperation *) g_ptr_array_index (pending->operations, i))->remove_volumes = TRUE;

  berth_window_run_batch (BERTH_WINDOW (root), pending->operations,
                          pending->done_message, pending->failed_heading);
}

/**
 * berth_resource_page_confirm_run:
 * @body: what will be lost
 * @option_label: (nullable): a check box that adds remove_volumes (-v)
 * @operations: (element-type BerthOperation): what to do once confirmed
 *
 * Asks first, then runs @operations through the window (toast, command
 * history, the engine's words on failure).
 */
void
berth_resource_page_confirm_run (BerthResourcePage *self,
                                 const char        *heading,
                                 const char        *body,
                                 const char        *confirm_label,
                                 const char        *option_label,
                                 GPtrArray         *operations,
                                 const char        *done_message,
                                 const char        *failed_heading)
{
  Pending *pending;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));
  g_return_if_fail (operations != NULL && operations->len > 0);

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->operations = g_ptr_array_ref (operations);
  pending->done_message = g_strdup (done_message);
  pending->failed_heading = g_strdup (failed_heading);
  berth_confirm (GTK_WIDGET (self), heading, body, confirm_label, option_label,
                 pending_confirmed, pending, pending_free);
}

/**
 * berth_resource_page_confirm_prune:
 * @kind: an image, volume or network prune
 *
 * Asks first, then prunes and says what was removed and freed.
 */
void
berth_resource_page_confirm_prune (BerthResourcePage  *self,
                                   const char         *heading,
                                   const char         *body,
                                   BerthOperationKind  kind)
{
  Pending *pending;

  g_return_if_fail (BERTH_IS_RESOURCE_PAGE (self));

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->prune = kind;
  berth_confirm (GTK_WIDGET (self), heading, body, _("_Remove"), NULL,
                 pending_confirmed, pending, pending_free);
}
