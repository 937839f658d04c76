/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-preload.h"

G_BEGIN_DECLS

#define BERTH_TYPE_APPLICATION (berth_application_get_type ())

G_DECLARE_FINAL_TYPE (BerthApplication, berth_application, BERTH, APPLICATION, AdwApplication)

BerthApplication *berth_application_new                        (void);
gboolean          berth_application_get_quit_after_first_load (BerthApplication *self);
BerthPreload     *berth_application_take_preload              (BerthApplication *self);

G_END_DECLS
