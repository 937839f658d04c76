/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-field.h"

/* A caption over a field, the field's accessible name; the remove button
 * of a row; the sentence under a row that says what is wrong. */

/**
 * berth_run_field_new:
 * @caption_label: (out) (optional) (transfer none): the caption, to change later
 *
 * Returns: (transfer floating): @widget under its @caption
 */
GtkWidget *
berth_run_field_new (const char  *caption,
                     GtkWidget   *widget,
                     GtkLabel   **caption_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_widget_set_tooltip_text (label, caption);
  if (caption_label != NULL)
    *caption_label = GTK_LABEL (label);
  return box;
}

GtkWidget *
berth_run_entry_new (const char *placeholder,
                     int         width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  if (width_chars > 0)
    {
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width_chars);
    }
  return entry;
}

GtkWidget *
berth_run_remove_button_new (const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_END);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

GtkWidget *
berth_run_message_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "run-message");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

/* Shows @message, or hides the label for %NULL. */
void
berth_run_set_message (GtkWidget  *label,
                       const char *message)
{
  gtk_label_set_label (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (label, message != NULL && *message != '\0');
}

void
berth_run_mark_error (GtkWidget *widget,
                      gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}
