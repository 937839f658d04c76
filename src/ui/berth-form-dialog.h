/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The frame of a small form dialog (commit, rename, export): a header bar
 * with Cancel and the dialog's action, and a scrolled, clamped column for
 * the form's groups, the error message and the command preview. */
GtkBox    *berth_form_dialog_setup     (AdwWindow   *window,
                                        const char  *action_label,
                                        GtkWidget  **cancel_button,
                                        GtkWidget  **action_button);
GtkLabel  *berth_form_dialog_add_error (GtkBox      *form);

G_END_DECLS
