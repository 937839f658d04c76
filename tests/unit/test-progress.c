/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <unistd.h>

#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "berth-engine-error.h"
#include "berth-progress.h"
#include "berth-test-util.h"

/* The fixtures in tests/fixtures/progress were recorded from the test
 * engine pulling from and pushing to its local registry. */

static char **
fixture_lines (const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  path = berth_test_fixture_path (name);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (position, ==, g_list_model_get_n_items (model) - 1);
  *count += added;
}

static void
test_pull (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_auto (GStrv) lines = fixture_lines ("progress/pull-layered.jsonl");
  g_autoptr (GError) error = NULL;
  BerthProgressLayer *big = NULL;
  guint added = 0;

  g_signal_connect (progress, "items-changed", G_CALLBACK (items_changed_cb), &added);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (berth_progress_feed_line (progress, lines[i], -1, &error));
      g_assert_no_error (error);

      /* The header line names the tag, not a layer. */
      if (i == 0)
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 0);

      /* Line 6: the big layer is downloading 3645 of 262506 bytes. */
      if (i == 5)
        {
          big = berth_progress_lookup_layer (progress, "0de2c2dc203b");
          g_assert_nonnull (big);
          g_assert_cmpstr (berth_progress_layer_get_status (big), ==, "Downloading");
          g_assert_cmpint (berth_progress_layer_get_phase (big), ==, BERTH_PROGRESS_PHASE_TRANSFERRING);
          g_assert_cmpuint (berth_progress_layer_get_current (big), ==, 3645);
          g_assert_cmpuint (berth_progress_layer_get_total (big), ==, 262506);
          g_assert_cmpfloat_with_epsilon (berth_progress_layer_get_fraction (big),
                                          0.5 * 3645 / 262506, 1e-9);
          g_assert_false (berth_progress_layer_get_done (big));
          g_assert_cmpuint (berth_progress_get_total (progress), ==, 262506);
          g_assert_cmpuint (berth_progress_get_current (progress), ==, 3645);
          g_assert_cmpfloat (berth_progress_get_fraction (progress), >, 0.25);
          g_assert_cmpfloat (berth_progress_get_fraction (progress), <, 0.5);
        }

      /* Line 18: extracting, second half of the layer. */
      if (i == 17)
        {
          g_assert_cmpint (berth_progress_layer_get_phase (big), ==, BERTH_PROGRESS_PHASE_EXTRACTING);
          g_assert_cmpfloat_with_epsilon (berth_progress_layer_get_fraction (big),
                                          0.5 + 0.5 * 32768 / 262506, 1e-9);
        }
    }

  /* Four layers, each updated in place: the object seen downloading is the
   * one that completed. */
  g_assert_cmpuint (added, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 4);
  g_assert_true (berth_progress_lookup_layer (progress, "0de2c2dc203b") == big);
  g_assert_cmpstr (berth_progress_layer_get_status (big), ==, "Pull complete");

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_true (berth_progress_layer_get_done (layer));
      g_assert_cmpfloat (berth_progress_layer_get_fraction (layer), ==, 1.0);
    }
  g_assert_cmpstr (berth_progress_layer_get_status (berth_progress_lookup_layer (progress, "ebe2e4647422")),
                   ==, "Already exists");

  g_assert_cmpuint (berth_progress_get_total (progress), ==, 262506 + 143 + 244);
  g_assert_cmpuint (berth_progress_get_current (progress), ==, 262506 + 143 + 244);
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 1.0);
  g_assert_cmpstr (berth_progress_get_digest (progress), ==,
                   "sha256:434b7adf582ec3fd98ab22d4e3f6578c039dcf89fa0582aab08c8bdb08209f1c");
  g_assert_cmpstr (berth_progress_get_status (progress), ==,
                   "Downloaded newer image for 127.0.0.1:15000/berth-test/layered:latest");
  g_assert_false (berth_progress_get_finished (progress));
  berth_progress_set_finished (progress);
  g_assert_true (berth_progress_get_finished (progress));
}

static void
test_push (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_auto (GStrv) lines = fixture_lines ("progress/push.jsonl");
  g_autoptr (GError) error = NULL;
  BerthProgressLayer *layer = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (berth_progress_feed_line (progress, lines[i], -1, &error));
      g_assert_no_error (error);

      if (i == 3)
        {
          layer = berth_progress_lookup_layer (progress, "ad7dd6f06aa8");
          g_assert_cmpint (berth_progress_layer_get_phase (layer), ==, BERTH_PROGRESS_PHASE_TRANSFERRING);
          /* A push is all transfer: no extracting half. */
          g_assert_cmpfloat_with_epsilon (berth_progress_layer_get_fraction (layer),
                                          33280.0 / 614400, 1e-9);
        }
      if (i == 4)
        {
          /* The engine counts past the total; the fraction stops at 1. */
          g_assert_cmpuint (berth_progress_layer_get_current (layer), ==, 615936);
          g_assert_cmpfloat (berth_progress_layer_get_fraction (layer), ==, 1.0);
          g_assert_cmpuint (berth_progress_get_current (progress), <=, berth_progress_get_total (progress));
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 2);
  layer = berth_progress_lookup_layer (progress, "1c72d6b42dd8");
  g_assert_cmpstr (berth_progress_layer_get_status (layer), ==, "Mounted from berth-images-rec/layered");
  g_assert_true (berth_progress_layer_get_done (layer));
  g_assert_true (berth_progress_layer_get_done (berth_progress_lookup_layer (progress, "ad7dd6f06aa8")));
  g_assert_cmpstr (berth_progress_get_digest (progress), ==,
                   "sha256:6cdd54c60171996c1f15466f487f2f644da3b9ebe9a90b06536b7c98651925ea");
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 1.0);
}

static void
test_push_existing (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_auto (GStrv) lines = fixture_lines ("progress/push-existing.jsonl");
  g_autoptr (GError) error = NULL;
  guint n;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (berth_progress_feed_line (progress, lines[i], -1, &error));
      g_assert_no_error (error);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (progress));
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_cmpstr (berth_progress_layer_get_status (layer), ==, "Layer already exists");
      g_assert_true (berth_progress_layer_get_done (layer));
    }
  g_assert_cmpuint (berth_progress_get_total (progress), ==, 0);
  g_assert_cmpstr (berth_progress_get_digest (progress), ==,
                   "sha256:267b1f8cc982fdb147b15dec771927edeabf7616c83141d4198b525667b308c8");
}

static void
test_push_unauthorized (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_auto (GStrv) lines = fixture_lines ("progress/push-noauth.jsonl");
  g_autoptr (GError) error = NULL;
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    {
      if (!berth_progress_feed_line (progress, lines[i], -1, &error))
        break;
    }

  /* The sixth line is {"errorDetail":{"message":"no basic auth credentials"},…}. */
  g_assert_cmpuint (i, ==, 5);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "no basic auth credentials");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 4);
}

static void
test_errors (void)
{
  static const struct { const char *line; int code; const char *message; } cases[] = {
    { "{\"errorDetail\":{\"message\":\"manifest for x:nope not found: manifest unknown: manifest unknown\"},\"error\":\"manifest for x:nope not found\"}",
      BERTH_ENGINE_ERROR_NOT_FOUND, "manifest for x:nope not found: manifest unknown: manifest unknown" },
    { "{\"errorDetail\":{\"message\":\"denied: requested access to the resource is denied\"}}",
      BERTH_ENGINE_ERROR_FORBIDDEN, "denied: requested access to the resource is denied" },
    { "{\"error\":\"unauthorized: authentication required\"}",
      BERTH_ENGINE_ERROR_UNAUTHORIZED, "unauthorized: authentication required" },
    { "{\"errorDetail\":{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup registry-1.docker.io: no such host\"}}",
      BERTH_ENGINE_ERROR_STREAM, "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host" },
    { "{\"errorDetail\":{},\"error\":\"\"}",
      BERTH_ENGINE_ERROR_STREAM, NULL },
    { "{\"status\":\"Downloading\",\"id\":\"abc\",\"progressDetail\":\"lots\"}",
      BERTH_ENGINE_ERROR_INVALID_DATA, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthProgress) progress = berth_progress_new ();
      g_autoptr (GError) error = NULL;

      g_assert_false (berth_progress_feed_line (progress, cases[i].line, -1, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_skips_noise (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (berth_progress_feed_line (progress, "", -1, &error));
  g_assert_true (berth_progress_feed_line (progress, "not json", -1, &error));
  g_assert_true (berth_progress_feed_line (progress, "[1,2]", -1, &error));
  g_assert_true (berth_progress_feed_line (progress, "{\"status\":\"Waiting\",\"id\":\"x\"}trailing",
                                           strlen ("{\"status\":\"Waiting\",\"id\":\"x\"}"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 1);
  g_assert_cmpint (berth_progress_layer_get_phase (berth_progress_lookup_layer (progress, "x")),
                   ==, BERTH_PROGRESS_PHASE_WAITING);
}

static void
test_bytes (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();

  berth_progress_set_bytes (progress, 250, 1000);
  g_assert_cmpuint (berth_progress_get_current (progress), ==, 250);
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 0.25);
  berth_progress_set_bytes (progress, 300, 0);
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 0.0);
  berth_progress_set_finished (progress);
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 1.0);
}

static void
test_read_stream (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = berth_test_fixture_path ("progress/pull-layered.jsonl");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GAsyncResult *slot = NULL;

  stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);

  berth_progress_read_async (progress, stream, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_progress_read_finish (progress, result, &error));
  g_assert_no_error (error);
  g_assert_true (berth_progress_get_finished (progress));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), ==, 4);
}

static void
test_read_stream_error (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = berth_test_fixture_path ("progress/push-noauth.jsonl");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GAsyncResult *slot = NULL;

  stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);

  berth_progress_read_async (progress, stream, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_false (berth_progress_read_finish (progress, result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED);
  g_assert_false (berth_progress_get_finished (progress));
  berth_test_wait_until (g_input_stream_is_closed (stream), 5000);
}

/* A stream that stays open: cancelling ends the read and closes it. */
static void
test_read_cancel (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *line = "{\"status\":\"Downloading\",\"id\":\"a\",\"progressDetail\":{\"current\":1,\"total\":4}}\n";
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  stream = g_unix_input_stream_new (fds[0], TRUE);
  g_assert_cmpint (write (fds[1], line, strlen (line)), ==, (int) strlen (line));

  berth_progress_read_async (progress, stream, cancellable, berth_test_result_cb, &slot);
  berth_test_wait_until (g_list_model_get_n_items (G_LIST_MODEL (progress)) == 1, 5000);
  g_assert_null (slot);

  g_cancellable_cancel (cancellable);
  result = berth_test_await (&slot);
  g_assert_false (berth_progress_read_finish (progress, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  berth_test_wait_until (g_input_stream_is_closed (stream), 5000);
  close (fds[1]);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/progress/pull", test_pull);
  g_test_add_func ("/progress/push", test_push);
  g_test_add_func ("/progress/push-existing", test_push_existing);
  g_test_add_func ("/progress/push-unauthorized", test_push_unauthorized);
  g_test_add_func ("/progress/errors", test_errors);
  g_test_add_func ("/progress/skips-noise", test_skips_noise);
  g_test_add_func ("/progress/bytes", test_bytes);
  g_test_add_func ("/progress/read-stream", test_read_stream);
  g_test_add_func ("/progress/read-stream-error", test_read_stream_error);
  g_test_add_func ("/progress/read-cancel", test_read_cancel);

  return g_test_run ();
}
