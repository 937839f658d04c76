/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "berth-engine-error.h"
#include "berth-exec-session.h"
#include "berth-log-stream.h"
#include "berth-stats.h"
#include "berth-test-util.h"
#include "berth-top.h"

/* Inside a container: logs, exec and attach sessions, stats and top against
 * the private test engine. Containers are made with the docker CLI, so what
 * Berth reads is checked against an independent witness. */

typedef struct
{
  BerthEndpoint *endpoint;
  BerthEngine   *engine;
  GPtrArray     *containers;   /* names to remove at the end */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->containers = g_ptr_array_new_with_free_func (g_free);
  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint != NULL)
    f->engine = berth_test_connect_engine (f->endpoint);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < f->containers->len; i++)
    g_free (berth_test_docker (NULL, "rm", "-f", g_ptr_array_index (f->containers, i), NULL));
  g_ptr_array_unref (f->containers);
  g_clear_object (&f->engine);
  g_clear_object (&f->endpoint);
}

/* A unique name, removed at tear-down. */
static const char *
container_name (Fixture    *f,
                const char *prefix)
{
  char *name = berth_test_unique_name (prefix);

  g_ptr_array_add (f->containers, name);
  return name;
}

/* Output collected from "output", "lines" and "ended" of any of the
 * stream objects. */
typedef struct
{
  GString        *out;
  GString        *err;
  GPtrArray      *lines;
  guint           opened;
  gboolean        ended;
  BerthStreamEnd  reason;
  int             exit_code;
  GError         *error;
} Collector;

static void
collector_init (Collector *c)
{
  memset (c, 0, sizeof *c);
  c->out = g_string_new (NULL);
  c->err = g_string_new (NULL);
  c->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_log_line_free);
  c->exit_code = -2;
}

static void
collector_clear (Collector *c)
{
  g_string_free (c->out, TRUE);
  g_string_free (c->err, TRUE);
  g_ptr_array_unref (c->lines);
  g_clear_error (&c->error);
}

static void
collector_reset_end (Collector *c)
{
  c->ended = FALSE;
  g_clear_error (&c->error);
}

static void
output_cb (GObject         *object,
           BerthStreamType  stream,
           GBytes          *bytes,
           Collector       *c)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 0);
  g_string_append_len (stream == BERTH_STREAM_STDOUT ? c->out : c->err, data, length);
}

static void
lines_cb (GObject   *object,
          GPtrArray *lines,
          Collector *c)
{
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (c->lines, berth_log_line_copy (g_ptr_array_index (lines, i)));
}

static void
opened_cb (GObject   *object,
           Collector *c)
{
  c->opened++;
}

static void
log_ended_cb (GObject        *object,
              BerthStreamEnd  reason,
              const GError   *error,
              Collector      *c)
{
  g_assert_false (c->ended);
  c->ended = TRUE;
  c->reason = reason;
  c->error = error ? g_error_copy (error) : NULL;
}

static void
session_ended_cb (GObject        *object,
                  BerthStreamEnd  reason,
                  int             exit_code,
                  const GError   *error,
                  Collector      *c)
{
  g_assert_false (c->ended);
  c->ended = TRUE;
  c->reason = reason;
  c->exit_code = exit_code;
  c->error = error ? g_error_copy (error) : NULL;
}

static BerthLogStream *
log_stream_new (Fixture    *f,
                const char *name,
                Collector  *c)
{
  BerthLogStream *stream = berth_log_stream_new (f->engine, name);

  g_signal_connect (stream, "opened", G_CALLBACK (opened_cb), c);
  g_signal_connect (stream, "output", G_CALLBACK (output_cb), c);
  g_signal_connect (stream, "lines", G_CALLBACK (lines_cb), c);
  g_signal_connect (stream, "ended", G_CALLBACK (log_ended_cb), c);
  return stream;
}

static guint
count_lines (Collector  *c,
             const char *text)
{
  guint n = 0;

  for (guint i = 0; i < c->lines->len; i++)
    n += g_str_equal (((BerthLogLine *) g_ptr_array_index (c->lines, i))->text, text);
  return n;
}

/* Logs --------------------------------------------------------------------- */

static void
test_logs_multiplexed (Fixture       *f,
                       gconstpointer  data)
{
  const char *name;
  g_autoptr (BerthLogStream) stream = NULL;
  Collector c;

  if (f->engine == NULL)
    return;

  /* Runs to completion before the log is read. */
  name = container_name (f, "logs");
  g_free (berth_test_docker_ok ("run", "--name", name, berth_test_image (),
                                "sh", "-c", "echo out1; echo err1 >&2; echo out2", NULL));

  collector_init (&c);
  stream = log_stream_new (f, name, &c);
  berth_log_stream_set_follow (stream, FALSE);
  berth_log_stream_start (stream);
  berth_test_wait_until (c.ended, 10000);

  g_assert_no_error (c.error);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_COMPLETE);
  g_assert_false (berth_log_stream_get_tty (stream));
  g_assert_false (berth_log_stream_get_running (stream));
  g_assert_cmpstr (c.out->str, ==, "out1\nout2\n");
  g_assert_cmpstr (c.err->str, ==, "err1\n");

  /* Lines keep their stream; stderr stays distinguishable. */
  g_assert_cmpuint (c.lines->len, ==, 3);
  g_assert_cmpuint (count_lines (&c, "out1") + count_lines (&c, "out2"), ==, 2);
  for (guint i = 0; i < c.lines->len; i++)
    {
      BerthLogLine *line = g_ptr_array_index (c.lines, i);

      g_assert_cmpint (line->stream, ==,
                       g_str_equal (line->text, "err1") ? BERTH_STREAM_STDERR : BERTH_STREAM_STDOUT);
      g_assert_null (line->timestamp);
    }

  /* With timestamps, as `docker logs -t` prints them. */
  collector_clear (&c);
  collector_init (&c);
  berth_log_stream_set_timestamps (stream, TRUE);
  berth_log_stream_set_tail (stream, 1);
  berth_log_stream_start (stream);
  berth_test_wait_until (c.ended, 10000);
  g_assert_no_error (c.error);
  g_assert_cmpuint (c.lines->len, ==, 1);
  g_assert_nonnull (((BerthLogLine *) c.lines->pdata[0])->timestamp);
  g_assert_true (g_str_has_prefix (c.out->str, "20") || g_str_has_prefix (c.err->str, "20"));
  g_assert_nonnull (berth_log_stream_get_last_timestamp (stream));
  collector_clear (&c);
}

static void
test_logs_tty (Fixture       *f,
               gconstpointer  data)
{
  const char *name;
  g_autoptr (BerthLogStream) stream = NULL;
  Collector c;

  if (f->engine == NULL)
    return;

  name = container_name (f, "logs-tty");
  g_free (berth_test_docker_ok ("run", "-t", "--name", name, berth_test_image (),
                                "sh", "-c", "echo out1; echo err1 >&2", NULL));

  collector_init (&c);
  stream = log_stream_new (f, name, &c);
  berth_log_stream_set_follow (stream, FALSE);
  berth_log_stream_start (stream);
  berth_test_wait_until (c.ended, 10000);

  /* A TTY has one stream, raw, with the terminal's line ends. */
  g_assert_no_error (c.error);
  g_assert_true (berth_log_stream_get_tty (stream));
  g_assert_cmpstr (c.out->str, ==, "out1\r\nerr1\r\n");
  g_assert_cmpstr (c.err->str, ==, "");
  g_assert_cmpuint (c.lines->len, ==, 2);
  g_assert_cmpuint (count_lines (&c, "out1"), ==, 1);
  g_assert_cmpuint (count_lines (&c, "err1"), ==, 1);
  collector_clear (&c);
}

/* The highest N of the "lineN" lines received. */
static int
last_line_number (Collector *c)
{
  int last = -1;

  for (guint i = 0; i < c->lines->len; i++)
    {
      const char *text = ((BerthLogLine *) g_ptr_array_index (c->lines, i))->text;

      if (g_str_has_prefix (text, "line"))
        last = MAX (last, atoi (text + 4));
    }
  return last;
}

static void
test_logs_follow (Fixture       *f,
                  gconstpointer  data)
{
  const char *name;
  g_autoptr (BerthLogStream) stream = NULL;
  int first;
  Collector c;

  if (f->engine == NULL)
    return;

  name = container_name (f, "follow");
  g_free (berth_test_docker_ok ("run", "-d", "--name", name, berth_test_image (), "sh", "-c",
                                "i=0; while true; do echo line$i; i=$((i+1)); sleep 0.2; done",
                                NULL));

  collector_init (&c);
  stream = log_stream_new (f, name, &c);
  berth_log_stream_start (stream);
  berth_test_wait_until (c.lines->len > 0, 10000);

  /* Lines printed after the stream opened arrive while it stays open. */
  first = last_line_number (&c);
  berth_test_wait_until (last_line_number (&c) >= first + 3, 10000);
  g_assert_false (c.ended);
  g_assert_true (berth_log_stream_get_running (stream));
  g_assert_cmpuint (count_lines (&c, "line0"), ==, 1);

  /* The container stops: the stream says so and keeps its place. */
  g_free (berth_test_docker_ok ("stop", "-t", "0", name, NULL));
  berth_test_wait_until (c.ended, 10000);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_CONTAINER_STOPPED);
  g_assert_no_error (c.error);

  /* Restarted: resuming gives the new run's lines and nothing twice. */
  g_free (berth_test_docker_ok ("start", name, NULL));
  collector_reset_end (&c);
  berth_log_stream_resume (stream);
  berth_test_wait_until (count_lines (&c, "line2") == 2, 10000);
  g_assert_cmpuint (count_lines (&c, "line0"), ==, 2);
  g_assert_cmpuint (count_lines (&c, "line1"), ==, 2);
  g_assert_cmpuint (c.opened, ==, 2);

  /* Removed: a clear, specific end. */
  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
  berth_test_wait_until (c.ended, 10000);
  if (c.reason == BERTH_STREAM_END_CONTAINER_STOPPED)
    {
      /* The stream ended as the container was killed, before removal. */
      collector_reset_end (&c);
      berth_log_stream_resume (stream);
      berth_test_wait_until (c.ended, 10000);
    }
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_CONTAINER_REMOVED);
  g_assert_error (c.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (c.error->message, name));
  collector_clear (&c);
}

static void
test_logs_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (BerthLogStream) stream = NULL;
  Collector c;

  if (f->engine == NULL)
    return;

  collector_init (&c);
  stream = log_stream_new (f, "berth-test-no-such-container", &c);
  berth_log_stream_start (stream);
  berth_test_wait_until (c.ended, 10000);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_CONTAINER_REMOVED);
  g_assert_error (c.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpuint (c.opened, ==, 0);
  collector_clear (&c);
}

/* Exec --------------------------------------------------------------------- */

static const char *
run_sleeper (Fixture    *f,
             const char *prefix)
{
  const char *name = container_name (f, prefix);

  g_free (berth_test_docker_ok ("run", "-d", "--name", name, berth_test_image (),
                                "sleep", "600", NULL));
  return name;
}

static BerthExecSession *
session_new (Fixture            *f,
             const char         *name,
             const char * const *argv,
             Collector          *c)
{
  BerthExecSession *session = berth_exec_session_new (f->engine, name, argv);

  g_signal_connect (session, "output", G_CALLBACK (output_cb), c);
  g_signal_connect (session, "ended", G_CALLBACK (session_ended_cb), c);
  return session;
}

static gboolean
start_session (BerthExecSession  *session,
               GError           **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_exec_session_start_async (session, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_exec_session_start_finish (session, result, error);
}

static void
test_exec_tty (Fixture       *f,
               gconstpointer  data)
{
  const char *argv[] = { "sh", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) cli = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  cli = berth_exec_session_dup_cli_argv (session);
  g_assert_cmpstr (cli[1], ==, "exec");
  g_assert_cmpstr (cli[2], ==, "-it");
  g_assert_cmpstr (cli[3], ==, name);

  /* Typed before the start: sent once it runs. */
  berth_exec_session_write (session, "echo hi; exit 3\n", -1);
  g_assert_true (start_session (session, &error));
  g_assert_no_error (error);
  g_assert_nonnull (berth_exec_session_get_exec_id (session));

  berth_test_wait_until (c.ended, 10000);
  g_assert_no_error (c.error);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_COMPLETE);
  g_assert_cmpint (c.exit_code, ==, 3);
  g_assert_cmpint (berth_exec_session_get_exit_code (session), ==, 3);
  /* The terminal echoes the command; "hi" alone on a line is its output. */
  g_assert_nonnull (strstr (c.out->str, "\nhi\r\n"));
  g_assert_false (berth_exec_session_get_running (session));
  collector_clear (&c);
}

static void
test_exec_no_tty (Fixture       *f,
                  gconstpointer  data)
{
  const char *argv[] = { "sh", "-c", "read x; echo out $x; echo err >&2; exit 5", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec-notty");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  berth_exec_session_set_tty (session, FALSE);
  g_assert_true (start_session (session, &error));
  g_assert_no_error (error);

  berth_exec_session_write (session, "abc\n", -1);
  berth_test_wait_until (c.ended, 10000);
  g_assert_no_error (c.error);
  g_assert_cmpint (c.exit_code, ==, 5);
  g_assert_cmpstr (c.out->str, ==, "out abc\n");
  g_assert_cmpstr (c.err->str, ==, "err\n");
  collector_clear (&c);
}

/* Closing stdin is end-of-file for the command: cat ends. */
static void
test_exec_close_stdin (Fixture       *f,
                       gconstpointer  data)
{
  const char *argv[] = { "cat", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec-eof");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  berth_exec_session_set_tty (session, FALSE);
  g_assert_true (start_session (session, &error));

  berth_exec_session_write (session, "one\n", -1);
  berth_exec_session_write (session, "two\n", -1);
  berth_exec_session_close_stdin (session);
  berth_test_wait_until (c.ended, 10000);
  g_assert_no_error (c.error);
  g_assert_cmpint (c.exit_code, ==, 0);
  g_assert_cmpstr (c.out->str, ==, "one\ntwo\n");
  collector_clear (&c);
}

static void
test_exec_resize (Fixture       *f,
                  gconstpointer  data)
{
  const char *argv[] = { "sh", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "resize");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  berth_exec_session_set_size (session, 24, 80);
  g_assert_true (start_session (session, &error));

  berth_exec_session_resize_async (session, 40, 100, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_exec_session_resize_finish (session, result, &error));
  g_assert_no_error (error);

  berth_exec_session_write (session, "stty size\n", -1);
  berth_test_wait_until (strstr (c.out->str, "\n40 100\r\n") != NULL, 10000);

  berth_exec_session_write (session, "exit\n", -1);
  berth_test_wait_until (c.ended, 10000);
  g_assert_cmpint (c.exit_code, ==, 0);
  collector_clear (&c);
}

static void
test_exec_stopped (Fixture       *f,
                   gconstpointer  data)
{
  const char *argv[] = { "sh", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = container_name (f, "exec-stopped");
  g_free (berth_test_docker_ok ("create", "--name", name, berth_test_image (), "sleep", "600", NULL));

  collector_init (&c);
  session = session_new (f, name, argv, &c);
  g_assert_false (start_session (session, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "not running"));
  g_assert_false (berth_exec_session_get_running (session));
  g_assert_false (c.ended);
  collector_clear (&c);
}

static void
test_exec_missing_shell (Fixture       *f,
                         gconstpointer  data)
{
  const char *argv[] = { "/bin/bash", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec-missing");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  /* The engine starts the exec, then says it cannot run it. */
  g_assert_true (start_session (session, &error));
  g_assert_no_error (error);

  berth_test_wait_until (c.ended, 10000);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_FAILED);
  g_assert_error (c.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (c.error->message, "/bin/bash"));
  g_assert_true (c.exit_code == 126 || c.exit_code == 127);
  collector_clear (&c);
}

static void
test_exec_container_removed (Fixture       *f,
                             gconstpointer  data)
{
  const char *argv[] = { "sh", NULL };
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec-removed");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  g_assert_true (start_session (session, &error));

  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
  berth_test_wait_until (c.ended, 10000);
  /* Depending on timing the container is seen stopped or already gone;
   * never a hang, never "the command exited". */
  g_assert_true (c.reason == BERTH_STREAM_END_CONTAINER_REMOVED ||
                 c.reason == BERTH_STREAM_END_CONTAINER_STOPPED);
  if (c.reason == BERTH_STREAM_END_CONTAINER_REMOVED)
    g_assert_error (c.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  collector_clear (&c);
}

/* Dropping a running session closes it without "ended". */
static void
test_exec_close (Fixture       *f,
                 gconstpointer  data)
{
  const char *argv[] = { "sh", NULL };
  g_autoptr (GError) error = NULL;
  BerthExecSession *session;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "exec-close");
  collector_init (&c);
  session = session_new (f, name, argv, &c);
  g_assert_true (start_session (session, &error));
  berth_exec_session_write (session, "echo ready\n", -1);
  berth_test_wait_until (strstr (c.out->str, "\nready\r\n") != NULL, 10000);

  berth_exec_session_close (session);
  g_assert_false (berth_exec_session_get_running (session));
  g_assert_finalize_object (session);
  g_assert_false (c.ended);
  collector_clear (&c);
}

static void
test_attach (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) cli = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = container_name (f, "attach");
  g_free (berth_test_docker_ok ("run", "-dit", "--name", name, berth_test_image (), "sh", NULL));

  collector_init (&c);
  session = berth_exec_session_new_attach (f->engine, name);
  g_signal_connect (session, "output", G_CALLBACK (output_cb), &c);
  g_signal_connect (session, "ended", G_CALLBACK (session_ended_cb), &c);
  cli = berth_exec_session_dup_cli_argv (session);
  g_assert_cmpstr (cli[1], ==, "attach");

  g_assert_true (start_session (session, &error));
  g_assert_no_error (error);
  g_assert_true (berth_exec_session_get_tty (session));

  berth_exec_session_write (session, "echo attached\n", -1);
  berth_test_wait_until (strstr (c.out->str, "\nattached\r\n") != NULL, 10000);

  /* The main process exits: the container stops with its exit code. */
  berth_exec_session_write (session, "exit 4\n", -1);
  berth_test_wait_until (c.ended, 10000);
  g_assert_no_error (c.error);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_CONTAINER_STOPPED);
  g_assert_cmpint (c.exit_code, ==, 4);
  collector_clear (&c);
}

static void
test_attach_stopped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  if (f->engine == NULL)
    return;

  name = container_name (f, "attach-stopped");
  g_free (berth_test_docker_ok ("create", "-it", "--name", name, berth_test_image (), "sh", NULL));
  session = berth_exec_session_new_attach (f->engine, name);
  g_assert_false (start_session (session, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
}

static char **
find_shells (BerthEngine  *engine,
             const char   *name,
             GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_exec_find_shells_async (engine, name, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_exec_find_shells_finish (engine, result, error);
}

static void
test_find_shells (Fixture       *f,
                  gconstpointer  data)
{
  g_auto (GStrv) shells = NULL;
  g_auto (GStrv) none = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  if (f->engine == NULL)
    return;

  /* Busybox has ash and sh, not bash; a stopped container will do. */
  name = container_name (f, "shells");
  g_free (berth_test_docker_ok ("create", "--name", name, berth_test_image (), "sleep", "600", NULL));
  shells = find_shells (f->engine, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shells);
  g_assert_cmpstr (shells[0], ==, "/bin/ash");
  g_assert_cmpstr (shells[1], ==, "/bin/sh");
  g_assert_null (shells[2]);

  none = find_shells (f->engine, "berth-test-no-such-container", &error);
  g_assert_null (none);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

/* Stats and top -------------------------------------------------------------- */

static void
sample_cb (BerthStatsStream *stream,
           const BerthStats *stats,
           GPtrArray        *samples)
{
  g_ptr_array_add (samples, berth_stats_copy (stats));
}

static void
assert_sane_stats (const BerthStats *stats)
{
  g_assert_cmpint (stats->read_time, >, 0);
  g_assert_cmpfloat (stats->cpu_percent, >=, 0.0);
  g_assert_cmpuint (stats->memory_usage, >, 0);
  g_assert_cmpuint (stats->memory_limit, >, 0);
  g_assert_cmpuint (stats->memory_usage, <, stats->memory_limit);
  g_assert_cmpfloat (stats->memory_percent, >, 0.0);
  g_assert_cmpfloat (stats->memory_percent, <, 100.0);
  g_assert_cmpuint (stats->online_cpus, >, 0);
  g_assert_cmpuint (stats->pids, >=, 1);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (BerthStatsStream) stream = NULL;
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_stats_free);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (BerthStats) once = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *name;
  Collector c;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "stats");
  collector_init (&c);
  stream = berth_stats_stream_new (f->engine, name);
  g_signal_connect (stream, "sample", G_CALLBACK (sample_cb), samples);
  g_signal_connect (stream, "ended", G_CALLBACK (log_ended_cb), &c);
  berth_stats_stream_start (stream);
  berth_test_wait_until (samples->len >= 2, 15000);

  for (guint i = 0; i < samples->len; i++)
    assert_sane_stats (g_ptr_array_index (samples, i));
  g_assert_cmpint (((BerthStats *) samples->pdata[1])->read_time, >,
                   ((BerthStats *) samples->pdata[0])->read_time);
  g_assert_true (berth_stats_stream_get_last (stream) != NULL);

  /* One sample, for a list column. */
  berth_stats_get_async (f->engine, name, TRUE, g_ptr_array_index (samples, samples->len - 1),
                         NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  once = berth_stats_get_finish (f->engine, result, &error);
  g_assert_no_error (error);
  assert_sane_stats (once);

  /* Stopping the container ends the stream, which would go on forever. */
  g_free (berth_test_docker_ok ("stop", "-t", "0", name, NULL));
  berth_test_wait_until (c.ended, 15000);
  g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_CONTAINER_STOPPED);
  g_assert_false (berth_stats_stream_get_running (stream));
  collector_clear (&c);
}

static BerthTop *
get_top (Fixture     *f,
         const char  *name,
         const char  *ps_args,
         GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_top_get_async (f->engine, name, ps_args, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_top_get_finish (f->engine, result, error);
}

static gboolean
top_has_command (BerthTop   *top,
                 const char *title,
                 const char *command)
{
  int column = berth_top_find_column (top, title);

  g_assert_cmpint (column, >=, 0);
  for (guint i = 0; i < top->processes->len; i++)
    if (g_str_has_prefix (((char **) g_ptr_array_index (top->processes, i))[column], command))
      return TRUE;
  return FALSE;
}

static void
test_top (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr (BerthTop) top = NULL;
  g_autoptr (BerthTop) aux = NULL;
  g_autoptr (BerthTop) stopped = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;

  if (f->engine == NULL)
    return;

  name = run_sleeper (f, "top");
  top = get_top (f, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (berth_top_find_column (top, "PID"), >=, 0);
  g_assert_true (top_has_command (top, "CMD", "sleep 600"));
  g_assert_false (top_has_command (top, "CMD", "no such process"));

  aux = get_top (f, name, "aux", &error);
  g_assert_no_error (error);
  g_assert_true (top_has_command (aux, "COMMAND", "sleep 600"));
  g_assert_cmpint (berth_top_find_column (aux, "%CPU"), >=, 0);

  g_free (berth_test_docker_ok ("stop", "-t", "0", name, NULL));
  stopped = get_top (f, name, NULL, &error);
  g_assert_null (stopped);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
}

/* A fake engine ----------------------------------------------------------------- */

/* The hand-written HTTP of an exec session against a scripted engine on a
 * socket of the test's own: the exact upgrade headers, output that comes
 * in the same read as the answer's head, input echoed back until stdin is
 * closed, and a refusal carrying the engine's message. No real engine. */

typedef struct
{
  gboolean  refuse;
  GMutex    lock;
  char     *start_request;   /* the head of the start request, as sent */
} FakeEngine;

static void
fake_reply (GOutputStream *out,
            const char    *status,
            const char    *body)
{
  g_autofree char *reply = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                                            "Content-Length: %zu\r\n\r\n%s",
                                            status, strlen (body), body);

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
}

/* Echoes what comes until the client closes its side, then closes. */
static void
fake_upgraded (GDataInputStream *in,
               GOutputStream    *out)
{
  const char *head = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                     "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello ";
  char buffer[256];
  gssize n;

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, NULL, NULL)) > 0)
    g_output_stream_write_all (out, buffer, n, NULL, NULL, NULL);
}

static gboolean
fake_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             FakeEngine             *fake)
{
  g_autoptr (GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char *line;

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_autofree char *request = line;
      g_autoptr (GString) head = g_string_new (NULL);
      gsize content_length = 0;
      char *header;

      g_string_append_printf (head, "%s\n", request);
      while ((header = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL && *header)
        {
          if (g_ascii_strncasecmp (header, "Content-Length:", 15) == 0)
            content_length = g_ascii_strtoull (header + 15, NULL, 10);
          g_string_append_printf (head, "%s\n", header);
          g_free (header);
        }
      g_free (header);
      if (content_length > 0)
        {
          g_autofree char *body = g_malloc (content_length);

          g_input_stream_read_all (G_INPUT_STREAM (in), body, content_length, NULL, NULL, NULL);
        }

      if (strstr (request, "/exec/abc/start") && fake->refuse)
        fake_reply (out, "404 Not Found", "{\"message\": \"No such exec instance: abc\"}");
      else if (strstr (request, "/exec/abc/start"))
        {
          g_mutex_lock (&fake->lock);
          fake->start_request = g_strdup (head->str);
          g_mutex_unlock (&fake->lock);
          fake_upgraded (in, out);
          break;
        }
      else if (strstr (request, "/containers/fake/exec"))
        fake_reply (out, "201 Created", "{\"Id\": \"abc\"}");
      else if (strstr (request, "/exec/abc/json"))
        fake_reply (out, "200 OK", "{\"ID\": \"abc\", \"Running\": false, \"ExitCode\": 7, \"Pid\": 12}");
      else if (strstr (request, "/containers/fake/json"))
        fake_reply (out, "200 OK", "{\"State\": {\"Running\": true}, \"Config\": {\"Tty\": true}}");
      else
        fake_reply (out, "404 Not Found", "{\"message\": \"not in the script\"}");
    }

  return TRUE;
}

static void
run_fake_session (gboolean refuse)
{
  g_autofree char *dir = g_dir_make_tmp ("berth-fake-engine-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "engine.sock", NULL);
  g_autofree char *address = g_strconcat ("unix://", path, NULL);
  g_autoptr (GSocketAddress) socket_address = g_unix_socket_address_new (path);
  g_autoptr (GSocketService) service = g_threaded_socket_service_new (4);
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (BerthEngine) engine = NULL;
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "sh", NULL };
  FakeEngine fake = { refuse };
  Collector c;

  g_mutex_init (&fake.lock);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), socket_address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (fake_run_cb), &fake);

  endpoint = berth_endpoint_new_for_address (address, &error);
  g_assert_no_error (error);
  engine = berth_engine_new (endpoint);

  collector_init (&c);
  session = berth_exec_session_new (engine, "fake", argv);
  g_signal_connect (session, "output", G_CALLBACK (output_cb), &c);
  g_signal_connect (session, "ended", G_CALLBACK (session_ended_cb), &c);

  if (refuse)
    {
      g_assert_false (start_session (session, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, "No such exec instance: abc");
    }
  else
    {
      g_assert_true (start_session (session, &error));
      g_assert_no_error (error);
      berth_exec_session_write (session, "ping", -1);
      berth_exec_session_close_stdin (session);
      berth_test_wait_until (c.ended, 10000);

      g_assert_cmpstr (c.out->str, ==, "hello ping");
      g_assert_cmpint (c.reason, ==, BERTH_STREAM_END_COMPLETE);
      g_assert_cmpint (c.exit_code, ==, 7);
      g_mutex_lock (&fake.lock);
      g_assert_true (g_str_has_prefix (fake.start_request, "POST /v1.41/exec/abc/start HTTP/1.1\n"));
      g_assert_nonnull (strstr (fake.start_request, "\nConnection: Upgrade\n"));
      g_assert_nonnull (strstr (fake.start_request, "\nUpgrade: tcp\n"));
      g_mutex_unlock (&fake.lock);
    }

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_unlink (path);
  g_rmdir (dir);
  g_free (fake.start_request);
  collector_clear (&c);
}

static void
test_fake_engine (void)
{
  run_fake_session (FALSE);
}

static void
test_fake_engine_refuses (void)
{
  run_fake_session (TRUE);
}

/* Podman ---------------------------------------------------------------------- */

/* Podman's containers cannot start here: check what does work (finding a
 * shell) and that exec into a container that is not running says so. */
static void
test_podman (void)
{
  const char *host = g_getenv ("BERTH_TEST_PODMAN_HOST");
  const char *argv[] = { "sh", NULL };
  g_autofree char *name = berth_test_unique_name ("podman-exec");
  g_autofree char *path = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (BerthEngine) engine = NULL;
  g_autoptr (BerthExecSession) session = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) shells = NULL;
  GAsyncResult *slot = NULL;

  if (host == NULL || *host == '\0')
    {
      g_test_skip ("no Podman test engine (BERTH_TEST_PODMAN_HOST is not set)");
      return;
    }

  endpoint = berth_endpoint_new_for_address (host, &error);
  g_assert_no_error (error);
  engine = berth_test_connect_engine (endpoint);
  g_assert_cmpint (berth_engine_get_kind (engine), ==, BERTH_ENGINE_KIND_PODMAN);

  path = g_strdup_printf ("/containers/create?name=%s", name);
  message = berth_engine_new_message (engine, SOUP_METHOD_POST, path);
  body = json_from_string ("{\"Image\": \"berth-test/busybox:latest\", \"Cmd\": [\"sleep\", \"600\"]}", NULL);
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (engine, message, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  created = berth_engine_send_json_finish (engine, result, &error);
  g_assert_no_error (error);

  shells = find_shells (engine, name, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) shells, "/bin/sh"));

  session = berth_exec_session_new (engine, name, argv);
  g_assert_false (start_session (session, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BERTH_ENGINE_ERROR);
  g_assert_nonnull (strstr (error->message, "running"));
  g_clear_error (&error);

  g_clear_object (&message);
  g_clear_object (&result);
  g_free (path);
  path = g_strdup_printf ("/containers/%s?force=1", name);
  message = berth_engine_new_message (engine, SOUP_METHOD_DELETE, path);
  berth_engine_send_and_read_async (engine, message, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_bytes_unref (berth_engine_send_and_read_finish (engine, result, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/inside/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("logs/multiplexed", test_logs_multiplexed);
  ADD ("logs/tty", test_logs_tty);
  ADD ("logs/follow", test_logs_follow);
  ADD ("logs/missing", test_logs_missing);
  ADD ("exec/tty", test_exec_tty);
  ADD ("exec/no-tty", test_exec_no_tty);
  ADD ("exec/close-stdin", test_exec_close_stdin);
  ADD ("exec/resize", test_exec_resize);
  ADD ("exec/stopped", test_exec_stopped);
  ADD ("exec/missing-shell", test_exec_missing_shell);
  ADD ("exec/container-removed", test_exec_container_removed);
  ADD ("exec/close", test_exec_close);
  ADD ("attach", test_attach);
  ADD ("attach/stopped", test_attach_stopped);
  ADD ("find-shells", test_find_shells);
  ADD ("stats", test_stats);
  ADD ("top", test_top);
#undef ADD
  g_test_add_func ("/inside/podman", test_podman);
  g_test_add_func ("/inside/fake-engine/session", test_fake_engine);
  g_test_add_func ("/inside/fake-engine/refuses", test_fake_engine_refuses);

  return g_test_run ();
}
