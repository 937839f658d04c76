/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *berth_shell_quote      (const char          *word);
char     *berth_shell_join       (const char * const  *argv);
gboolean  berth_shell_split      (const char          *line,
                                  char              ***argv,
                                  GError             **error);

G_END_DECLS
