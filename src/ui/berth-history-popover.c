/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-history-popover.h"

/* The session's docker commands, newest first, each copyable. */

struct _BerthHistoryPopover
{
  GtkPopover       parent_instance;

  GtkStack        *stack;
  GtkListBox      *list_box;
  GtkWidget       *copy_all_button;

  BerthCommandLog *log;
};

G_DEFINE_FINAL_TYPE (BerthHistoryPopover, berth_history_popover, GTK_TYPE_POPOVER)

static void
copy_entry_cb (GtkButton         *button,
               BerthCommandEntry *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "app.copy-text", "s",
                              berth_command_entry_get_command (entry));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  BerthCommandEntry *entry = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *description = gtk_label_new (berth_command_entry_get_description (entry));
  GtkWidget *command = gtk_label_new (berth_command_entry_get_command (entry));
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *copy_label = g_strdup_printf (_("Copy “%s”"), berth_command_entry_get_command (entry));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (texts, TRUE);

  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, berth_command_entry_get_failed (entry) ? "error" : "dim-label");

  gtk_label_set_xalign (GTK_LABEL (command), 0);
  gtk_label_set_wrap (GTK_LABEL (command), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (command), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (command), TRUE);
  gtk_widget_add_css_class (command, "monospace");

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label, -1);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_entry_cb), entry, 0);

  gtk_box_append (GTK_BOX (texts), description);
  gtk_box_append (GTK_BOX (texts), command);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), copy);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
update_stack (BerthHistoryPopover *self)
{
  gboolean empty = self->log == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->log)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  gtk_widget_set_sensitive (self->copy_all_button, !empty);
}

static void
copy_all_cb (BerthHistoryPopover *self)
{
  g_autofree char *text = NULL;

  if (self->log == NULL)
    return;

  text = berth_command_log_to_text (self->log);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s", text);
}

void
berth_history_popover_set_log (BerthHistoryPopover *self,
                               BerthCommandLog     *log)
{
  g_return_if_fail (BERTH_IS_HISTORY_POPOVER (self));

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (log), create_row, self, NULL);
  if (log != NULL)
    g_signal_connect_object (log, "items-changed", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
  update_stack (self);
}

static void
berth_history_popover_dispose (GObject *object)
{
  BerthHistoryPopover *self = BERTH_HISTORY_POPOVER (object);

  g_clear_object (&self->log);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_HISTORY_POPOVER);

  G_OBJECT_CLASS (berth_history_popover_parent_class)->dispose (object);
}

static void
berth_history_popover_class_init (BerthHistoryPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_history_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-history-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthHistoryPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthHistoryPopover, list_box);
  gtk_widget_class_bind_template_child (widget_class, BerthHistoryPopover, copy_all_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_all_cb);
}

static void
berth_history_popover_init (BerthHistoryPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_stack (self);
}
