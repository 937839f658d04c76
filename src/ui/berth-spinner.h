/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a wait goes without a spinner. */
#define BERTH_SPINNER_DELAY_MS 400

void       berth_spinner_start_later  (GtkSpinner *spinner);
void       berth_spinner_stop         (GtkSpinner *spinner);
GtkWidget *berth_spinner_new_for_page (void);

G_END_DECLS
