/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Small pieces the rows of the Run dialog share. */

GtkWidget *berth_run_field_new          (const char *caption,
                                         GtkWidget  *widget,
                                         GtkLabel  **caption_label);
GtkWidget *berth_run_entry_new          (const char *placeholder,
                                         int         width_chars);
GtkWidget *berth_run_remove_button_new  (const char *tooltip);
GtkWidget *berth_run_message_label_new  (void);
void       berth_run_set_message        (GtkWidget  *label,
                                         const char *message);
void       berth_run_mark_error         (GtkWidget  *widget,
                                         gboolean    error);

G_END_DECLS
