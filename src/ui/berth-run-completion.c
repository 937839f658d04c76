/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-run-completion.h"

/* Suggestions under a text field as the user types (local images, volume
 * names): a popover that never takes the focus, so typing goes on in the
 * field. Up and Down choose, Enter takes the chosen one, Escape closes;
 * Down in a field without suggestions shown lists them all. */

#define MAX_SHOWN 8

struct _BerthRunCompletion
{
  GObject                 parent_instance;

  /* Borrowed: the field owns this object */
  GtkWidget              *editable;

  /* Owned by the field (its child) */
  GtkWidget              *popover;
  GtkListBox             *list;

  BerthRunCompletionFunc  func;
  gpointer                func_data;
  guint                   n_shown;
  gboolean                enabled;
  gboolean                picking;
};

G_DEFINE_FINAL_TYPE (BerthRunCompletion, berth_run_completion, G_TYPE_OBJECT)

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
hide (BerthRunCompletion *self)
{
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

/* Candidates that start with @text first, then those that contain it. */
static GPtrArray *
matches (BerthRunCompletion *self,
         const char         *text)
{
  g_auto (GStrv) all = self->func (self->func_data);
  g_autofree char *needle = g_utf8_casefold (text, -1);
  GPtrArray *prefix = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) inside = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (all[i], -1);

      if (g_str_equal (all[i], text))
        continue;
      if (g_str_has_prefix (folded, needle))
        g_ptr_array_add (prefix, g_strdup (all[i]));
      else if (strstr (folded, needle) != NULL)
        g_ptr_array_add (inside, g_strdup (all[i]));
    }

  g_ptr_array_extend_and_steal (prefix, g_steal_pointer (&inside));
  return prefix;
}

static void
refill (BerthRunCompletion *self,
        gboolean            show_all)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->editable));
  g_autoptr (GPtrArray) found = NULL;
  GtkWidget *child;

  if (self->popover == NULL || !self->enabled || (*text == '\0' && !show_all))
    {
      hide (self);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  found = matches (self, text);
  self->n_shown = MIN (found->len, MAX_SHOWN);
  for (guint i = 0; i < self->n_shown; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (g_ptr_array_index (found, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_focusable (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "value", g_strdup (g_ptr_array_index (found, i)), g_free);
      gtk_list_box_append (self->list, row);
    }

  if (self->n_shown == 0)
    {
      hide (self);
      return;
    }

  gtk_widget_set_size_request (GTK_WIDGET (self->list), MAX (gtk_widget_get_width (self->editable) - 24, 200), -1);
  if (!gtk_widget_get_visible (self->popover))
    gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
pick (BerthRunCompletion *self,
      GtkListBoxRow      *row)
{
  const char *value = g_object_get_data (G_OBJECT (row), "value");

  self->picking = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->editable), value);
  gtk_editable_set_position (GTK_EDITABLE (self->editable), -1);
  self->picking = FALSE;
  hide (self);
}

static void
changed_cb (BerthRunCompletion *self)
{
  if (self->picking || !has_focus_within (self->editable))
    return;
  refill (self, FALSE);
}

static void
row_activated_cb (BerthRunCompletion *self,
                  GtkListBoxRow      *row)
{
  pick (self, row);
}

static void
move_selection (BerthRunCompletion *self,
                int                 delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int index = selected ? gtk_list_box_row_get_index (selected) + delta : (delta > 0 ? 0 : (int) self->n_shown - 1);

  index = CLAMP (index, 0, (int) self->n_shown - 1);
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, index));
}

static gboolean
key_pressed_cb (BerthRunCompletion *self,
                guint               keyval,
                guint               keycode,
                GdkModifierType     state)
{
  gboolean shown = self->popover != NULL && gtk_widget_get_visible (self->popover);
  GtkListBoxRow *selected;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  if (!shown)
    {
      if (keyval == GDK_KEY_Down && self->enabled)
        {
          refill (self, TRUE);
          return self->n_shown > 0;
        }
      return FALSE;
    }

  switch (keyval)
    {
    case GDK_KEY_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Escape:
      hide (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      selected = gtk_list_box_get_selected_row (self->list);
      if (selected == NULL)
        {
          hide (self);
          return FALSE;
        }
      pick (self, selected);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
editable_destroy_cb (BerthRunCompletion *self)
{
  if (self->popover != NULL)
    gtk_widget_unparent (self->popover);
  self->popover = NULL;
  self->list = NULL;
}

static void
berth_run_completion_class_init (BerthRunCompletionClass *klass)
{
}

static void
berth_run_completion_init (BerthRunCompletion *self)
{
  self->enabled = TRUE;
}

/**
 * berth_run_completion_attach:
 * @editable: a GtkEditable widget (an AdwEntryRow, a GtkEntry)
 * @func: gives the candidates
 *
 * Returns: (transfer none): the completion, owned by @editable
 */
BerthRunCompletion *
berth_run_completion_attach (GtkWidget              *editable,
                             BerthRunCompletionFunc  func,
                             gpointer                user_data)
{
  BerthRunCompletion *self;
  GtkEventController *keys, *focus;

  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (BERTH_TYPE_RUN_COMPLETION, NULL);
  self->editable = editable;
  self->func = func;
  self->func_data = user_data;
  g_object_set_data_full (G_OBJECT (editable), "berth-run-completion", self, g_object_unref);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_set_focusable (GTK_WIDGET (self->list), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);


  self->popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->popover, "run-completion");
  /* At most MAX_SHOWN rows: no need to scroll. */
  gtk_popover_set_child (GTK_POPOVER (self->popover), GTK_WIDGET (self->list));
  gtk_widget_set_parent (self->popover, editable);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (editable, keys);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (hide), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (editable, focus);

  g_signal_connect_object (editable, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editable, "destroy", G_CALLBACK (editable_destroy_cb), self, G_CONNECT_SWAPPED);

  return self;
}

void
berth_run_completion_set_enabled (BerthRunCompletion *self,
                                  gboolean            enabled)
{
  g_return_if_fail (BERTH_IS_RUN_COMPLETION (self));

  self->enabled = !!enabled;
  if (!self->enabled)
    hide (self);
}

gboolean
berth_run_completion_get_shown (BerthRunCompletion *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_COMPLETION (self), FALSE);
  return self->popover != NULL && gtk_widget_get_visible (self->popover);
}

guint
berth_run_completion_get_n_shown (BerthRunCompletion *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_COMPLETION (self), 0);
  return self->n_shown;
}
