/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "berth-endpoint.h"
#include "berth-engine.h"

G_BEGIN_DECLS

void            berth_test_init             (int           *argc,
                                             char        ***argv);
void            berth_test_init_full        (int           *argc,
                                             char        ***argv,
                                             gboolean       isolate);
BerthEndpoint  *berth_test_get_endpoint     (void);
BerthEngine    *berth_test_connect_engine   (BerthEndpoint *endpoint);
char           *berth_test_unique_name      (const char    *prefix);
char           *berth_test_docker           (GError       **error,
                                             const char    *first_arg,
                                             ...) G_GNUC_NULL_TERMINATED;
char           *berth_test_docker_ok        (const char    *first_arg,
                                             ...) G_GNUC_NULL_TERMINATED;
const char     *berth_test_image            (void);
char           *berth_test_fixture_path     (const char    *name);
JsonNode       *berth_test_load_fixture     (const char    *name);
GAsyncResult   *berth_test_await            (GAsyncResult **slot);
void            berth_test_result_cb        (GObject       *object,
                                             GAsyncResult  *result,
                                             gpointer       user_data);

/* Iterates the main context until @cond holds, failing the test after
 * @timeout_ms. Never a sleep: the condition is checked after every event. */
#define berth_test_wait_until(cond, timeout_ms)                              \
  G_STMT_START {                                                             \
    gint64 _deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    guint _tick = g_timeout_add (50, (GSourceFunc) berth_test_tick_cb, NULL); \
    while (!(cond))                                                          \
      {                                                                      \
        if (g_get_monotonic_time () > _deadline)                             \
          g_error ("Timed out after %d ms waiting for: %s",                  \
                   (int) (timeout_ms), #cond);                               \
        g_main_context_iteration (NULL, TRUE);                               \
      }                                                                      \
    g_source_remove (_tick);                                                 \
  } G_STMT_END

gboolean berth_test_tick_cb (gpointer data);

G_END_DECLS
