/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-spinner.h"
#include "berth-ui-test-util.h"

/* A wait shorter than BERTH_SPINNER_DELAY_MS shows no spinner at all; a
 * longer one shows it from then on. */

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
spinning_cb (GtkSpinner *spinner,
             GParamSpec *pspec,
             GMainLoop  *loop)
{
  g_main_loop_quit (loop);
}

/* Runs the main loop until @spinner starts or @ms pass; the time it took. */
static gint64
wait_for_spinning (GtkSpinner *spinner,
                   guint       ms)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gint64 start = g_get_monotonic_time ();
  gulong handler = g_signal_connect (spinner, "notify::spinning", G_CALLBACK (spinning_cb), loop);
  guint timeout = g_timeout_add (ms, quit_cb, loop);

  g_main_loop_run (loop);
  g_signal_handler_disconnect (spinner, handler);
  if (gtk_spinner_get_spinning (spinner))
    g_source_remove (timeout);
  return (g_get_monotonic_time () - start) / 1000;
}

static void
test_later (void)
{
  GtkSpinner *spinner = GTK_SPINNER (g_object_ref_sink (gtk_spinner_new ()));
  gint64 waited;

  berth_spinner_start_later (spinner);
  g_assert_false (gtk_spinner_get_spinning (spinner));
  /* Asking again does not push the moment back. */
  berth_spinner_start_later (spinner);

  waited = wait_for_spinning (spinner, BERTH_SPINNER_DELAY_MS * 10);
  g_assert_true (gtk_spinner_get_spinning (spinner));
  g_assert_cmpint (waited, >=, BERTH_SPINNER_DELAY_MS - 5);

  berth_spinner_stop (spinner);
  g_assert_false (gtk_spinner_get_spinning (spinner));
  g_object_unref (spinner);
}

static void
test_stopped_first (void)
{
  GtkSpinner *spinner = GTK_SPINNER (g_object_ref_sink (gtk_spinner_new ()));

  berth_spinner_start_later (spinner);
  berth_spinner_stop (spinner);

  /* Twice the delay goes by without it ever spinning. */
  wait_for_spinning (spinner, BERTH_SPINNER_DELAY_MS * 2);
  g_assert_false (gtk_spinner_get_spinning (spinner));

  /* A spinner gone before the delay is no trouble either: it is not kept
   * alive for the delay, and nothing happens when the delay is over. */
  berth_spinner_start_later (spinner);
  g_object_add_weak_pointer (G_OBJECT (spinner), (gpointer *) &spinner);
  g_object_unref (spinner);
  g_assert_null (spinner);
  {
    g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

    g_timeout_add (BERTH_SPINNER_DELAY_MS * 2, quit_cb, loop);
    g_main_loop_run (loop);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/spinner/later", test_later);
  g_test_add_func ("/spinner/stopped-first", test_stopped_first);
  return g_test_run ();
}
