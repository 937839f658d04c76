/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-form-dialog.h"

/**
 * berth_form_dialog_setup:
 * @action_label: the suggested button, e.g. _("_Rename")
 * @cancel_button: (out): the Cancel button, which closes @window unless
 *   the caller connects to it first and stops the signal
 * @action_button: (out): the action button; connect to "clicked"
 *
 * Returns: (transfer none): the column to add the form to
 */
GtkBox *
berth_form_dialog_setup (AdwWindow   *window,
                         const char  *action_label,
                         GtkWidget  **cancel_button,
                         GtkWidget  **action_button)
{
  GtkWidget *content, *header, *scroller, *clamp, *box;

  g_return_val_if_fail (ADW_IS_WINDOW (window), NULL);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  *cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), *cancel_button);
  *action_button = gtk_button_new_with_mnemonic (action_label);
  gtk_widget_add_css_class (*action_button, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *action_button);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (window, content);
  return GTK_BOX (box);
}

/* Returns: (transfer none): a hidden, wrapping message for what is wrong */
GtkLabel *
berth_form_dialog_add_error (GtkBox *form)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "run-engine-error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (form, label);
  return GTK_LABEL (label);
}
