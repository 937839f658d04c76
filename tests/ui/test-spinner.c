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

/* A loading page's spinner: from the delay after it is shown until it is
 * hidden. */
static void
test_page (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *spinner = berth_spinner_new_for_page ();
  gint64 waited;

  gtk_stack_add_named (stack, gtk_label_new ("other"), "other");
  gtk_stack_add_named (stack, spinner, "loading");
  gtk_window_set_child (window, GTK_WIDGET (stack));
  gtk_window_present (window);
  berth_ui_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (spinner));

  /* Hidden, it never starts. */
  wait_for_spinning (GTK_SPINNER (spinner), BERTH_SPINNER_DELAY_MS * 2);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_stack_set_visible_child_name (stack, "loading");
  g_assert_true (gtk_widget_get_mapped (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  waited = wait_for_spinning (GTK_SPINNER (spinner), BERTH_SPINNER_DELAY_MS * 10);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpint (waited, >=, BERTH_SPINNER_DELAY_MS - 5);

  gtk_stack_set_visible_child_name (stack, "other");
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/spinner/later", test_later);
  g_test_add_func ("/spinner/stopped-first", test_stopped_first);
  g_test_add_func ("/spinner/page", test_page);
  return g_test_run ();
}
