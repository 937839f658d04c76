/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-confirm.h"

/* Asking before something is lost: a dialog that says what will be lost,
 * a destructive button, and optionally a check box ("also remove its
 * anonymous volumes"). Responses are "cancel" and "confirm". */

typedef struct
{
  BerthConfirmFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;
  GtkCheckButton   *option;
} Confirm;

static void
confirm_free (gpointer  data,
              GClosure *closure)
{
  Confirm *confirm = data;

  if (confirm->destroy != NULL)
    confirm->destroy (confirm->user_data);
  g_free (confirm);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Confirm          *confirm)
{
  if (g_strcmp0 (response, "confirm") == 0)
    confirm->func (confirm->user_data,
                   confirm->option != NULL && gtk_check_button_get_active (confirm->option));
}

/**
 * berth_confirm:
 * @option_label: (nullable): a check box to offer, unchecked
 * @func: called only if the user confirms
 *
 * Returns: (transfer none): the dialog, already shown
 */
AdwMessageDialog *
berth_confirm (GtkWidget        *parent,
               const char       *heading,
               const char       *body,
               const char       *confirm_label,
               const char       *option_label,
               BerthConfirmFunc  func,
               gpointer          user_data,
               GDestroyNotify    destroy)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  AdwMessageDialog *dialog;
  Confirm *confirm = g_new0 (Confirm, 1);

  confirm->func = func;
  confirm->user_data = user_data;
  confirm->destroy = destroy;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  if (option_label != NULL)
    {
      GtkWidget *check = gtk_check_button_new_with_mnemonic (option_label);

      gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
      confirm->option = GTK_CHECK_BUTTON (check);
      adw_message_dialog_set_extra_child (dialog, check);
    }

  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), confirm,
                         confirm_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* A dialog that only explains (why nothing can be done). */
AdwMessageDialog *
berth_inform (GtkWidget  *parent,
              const char *heading,
              const char *body)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
