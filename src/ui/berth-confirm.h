/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*BerthConfirmFunc) (gpointer user_data,
                                  gboolean option);

AdwMessageDialog *berth_confirm (GtkWidget        *parent,
                                 const char       *heading,
                                 const char       *body,
                                 const char       *confirm_label,
                                 const char       *option_label,
                                 BerthConfirmFunc  func,
                                 gpointer          user_data,
                                 GDestroyNotify    destroy);
AdwMessageDialog *berth_inform  (GtkWidget        *parent,
                                 const char       *heading,
                                 const char       *body);

G_END_DECLS
