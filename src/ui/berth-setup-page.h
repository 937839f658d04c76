/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-endpoint.h"

G_BEGIN_DECLS

#define BERTH_TYPE_SETUP_PAGE (berth_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthSetupPage, berth_setup_page, BERTH, SETUP_PAGE, GtkWidget)

void berth_setup_page_set_error   (BerthSetupPage *self,
                                   const GError   *error);
void berth_setup_page_set_current (BerthSetupPage *self,
                                   BerthEndpoint  *endpoint);
void berth_setup_page_submit      (BerthSetupPage *self,
                                   const char     *address);

G_END_DECLS
