/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "berth-build.h"
#include "berth-engine-error.h"
#include "berth-image-archive.h"
#include "berth-image-ops.h"
#include "berth-image-transfer.h"
#include "berth-progress.h"
#include "berth-registry-auth.h"
#include "berth-test-util.h"

/* Image work against the private test engine and its local registry
 * (htpasswd), with the docker CLI as the independent witness. Everything a
 * test creates has a unique name and is removed at its end. */

typedef struct
{
  BerthEndpoint *endpoint;
  BerthEngine   *engine;
  const char    *registry;
  char          *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint == NULL)
    return;

  f->registry = g_getenv ("BERTH_TEST_REGISTRY");
  if (f->registry == NULL || *f->registry == '\0')
    {
      if (g_strcmp0 (g_getenv ("BERTH_REQUIRE_ENGINE"), "1") == 0)
        g_error ("BERTH_TEST_REGISTRY is not set: start the test engine with build-aux/test-engine start");
      g_test_skip ("no test registry: BERTH_TEST_REGISTRY is not set");
      g_clear_object (&f->endpoint);
      return;
    }

  f->engine = berth_test_connect_engine (f->endpoint);
  f->tmpdir = g_dir_make_tmp ("berth-images-XXXXXX", NULL);
  g_assert_nonnull (f->tmpdir);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->tmpdir != NULL)
    remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_object (&f->engine);
  g_clear_object (&f->endpoint);
}

static BerthRegistryAuth *
registry_auth (Fixture    *f,
               const char *password)
{
  return berth_registry_auth_new (f->registry, g_getenv ("BERTH_TEST_REGISTRY_USER"),
                                  password ? password : g_getenv ("BERTH_TEST_REGISTRY_PASSWORD"));
}

static gboolean
image_exists (const char *reference)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = berth_test_docker (&error, "image", "inspect", "-f", "{{.Id}}", reference, NULL);

  return out != NULL;
}

static char *
image_id (const char *reference)
{
  return berth_test_docker_ok ("image", "inspect", "-f", "{{.Id}}", reference, NULL);
}

static void
remove_image_quietly (const char *reference)
{
  g_free (berth_test_docker (NULL, "rmi", reference, NULL));
}

static gboolean
run_transfer (Fixture                *f,
              BerthImageTransferKind  kind,
              const char             *reference,
              const BerthRegistryAuth *auth,
              BerthProgress          *progress,
              GCancellable           *cancellable,
              GError                **error)
{
  g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (kind, reference);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_image_transfer_run_async (transfer, f->engine, auth, progress, cancellable,
                                  berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_image_transfer_run_finish (result, error);
}

/* Pull -------------------------------------------------------------------------------- */

typedef struct
{
  guint phases;       /* bit per BerthProgressPhase seen on any layer */
  guint updates;      /* byte counts seen moving */
  GCancellable *cancel_on_first_layer;
} Watch;

static void
layer_notify_cb (BerthProgressLayer *layer,
                 GParamSpec         *pspec,
                 Watch              *watch)
{
  watch->phases |= 1u << berth_progress_layer_get_phase (layer);
  if (g_strcmp0 (pspec->name, "current") == 0)
    watch->updates++;
}

static void
layers_added_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Watch      *watch)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (model, i);

      watch->phases |= 1u << berth_progress_layer_get_phase (layer);
      g_signal_connect (layer, "notify::phase", G_CALLBACK (layer_notify_cb), watch);
      g_signal_connect (layer, "notify::current", G_CALLBACK (layer_notify_cb), watch);
    }

  if (watch->cancel_on_first_layer != NULL)
    g_cancellable_cancel (watch->cancel_on_first_layer);
}

static void
test_pull (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) history = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *reference = NULL;
  GAsyncResult *slot = NULL;
  Watch watch = { 0, };
  guint n;

  if (f->engine == NULL)
    return;

  reference = g_strdup_printf ("%s/berth-test/layered:latest", f->registry);
  remove_image_quietly (reference);
  g_assert_false (image_exists (reference));

  auth = registry_auth (f, NULL);
  progress = berth_progress_new ();
  g_signal_connect (progress, "items-changed", G_CALLBACK (layers_added_cb), &watch);

  g_assert_true (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, reference, auth, progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (image_exists (reference));

  /* One row per layer, each seen waiting or moving and then done. */
  n = g_list_model_get_n_items (G_LIST_MODEL (progress));
  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_true (berth_progress_layer_get_done (layer));
    }
  g_assert_true (watch.phases & (1u << BERTH_PROGRESS_PHASE_DONE));
  g_assert_true (watch.phases & ((1u << BERTH_PROGRESS_PHASE_WAITING) |
                                 (1u << BERTH_PROGRESS_PHASE_TRANSFERRING)));
  g_assert_true (berth_progress_get_finished (progress));
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 1.0);
  g_assert_true (g_str_has_prefix (berth_progress_get_digest (progress), "sha256:"));
  g_assert_nonnull (strstr (berth_progress_get_status (progress), "berth-test/layered"));

  /* docker history: the layered image has its layers. */
  berth_image_history_async (f->engine, reference, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  history = berth_image_history_finish (f->engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), >=, n);

  remove_image_quietly (reference);
}

static void
test_pull_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *reference = NULL;

  if (f->engine == NULL)
    return;

  /* A tag the registry does not have: its own words. */
  auth = registry_auth (f, NULL);
  missing = g_strdup_printf ("%s/berth-test/layered:no-such-tag-%d", f->registry, (int) getpid ());
  g_assert_false (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, missing, auth, NULL, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "manifest unknown"));
  g_clear_error (&error);

  /* No credentials for a registry that wants them. */
  reference = g_strdup_printf ("%s/berth-test/layered:latest", f->registry);
  g_assert_false (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, reference, NULL, NULL, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "auth"));
  g_clear_error (&error);

  /* An invalid reference is refused before anything is sent. */
  g_assert_false (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, "Not A/Reference", NULL, NULL, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_pull_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;
  Watch watch = { 0, };

  if (f->engine == NULL)
    return;

  reference = g_strdup_printf ("%s/berth-test/layered:latest", f->registry);
  remove_image_quietly (reference);

  auth = registry_auth (f, NULL);
  progress = berth_progress_new ();
  watch.cancel_on_first_layer = cancellable;
  g_signal_connect (progress, "items-changed", G_CALLBACK (layers_added_cb), &watch);

  g_assert_false (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, reference, auth, progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (berth_progress_get_finished (progress));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), >=, 1);

  /* The engine stopped: the pull never completed, so the image is not there. */
  g_assert_false (image_exists (reference));

  /* The engine is still fine afterwards. */
  g_clear_error (&error);
  g_clear_object (&progress);
  g_assert_true (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, reference, auth, NULL, NULL, &error));
  g_assert_no_error (error);
  remove_image_quietly (reference);
}

/* Login --------------------------------------------------------------------------------- */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (BerthRegistryAuth) wrong = NULL;
  g_autoptr (BerthRegistryAuth) right = NULL;
  g_autoptr (BerthRegistryAuth) kept = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  wrong = registry_auth (f, "not-the-password");
  berth_registry_login_async (f->engine, wrong, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_null (berth_registry_login_finish (f->engine, result, &status, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED);
  /* The registry's words, as the engine relayed them. */
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_null (status);
  g_clear_error (&error);
  g_clear_object (&result);

  right = registry_auth (f, NULL);
  berth_registry_login_async (f->engine, right, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  kept = berth_registry_login_finish (f->engine, result, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpstr (status, ==, "Login Succeeded");
  g_assert_cmpstr (kept->server, ==, f->registry);
  g_assert_cmpstr (kept->username, ==, g_getenv ("BERTH_TEST_REGISTRY_USER"));
}

/* Build ---------------------------------------------------------------------------------- */

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

typedef struct
{
  GPtrArray *lines;
  guint      steps;
  guint      errors;
} Log;

static void
line_cb (BerthBuild         *build,
         BerthBuildLineKind  kind,
         const char         *text,
         Log                *log)
{
  g_ptr_array_add (log->lines, g_strdup (text));
  if (kind == BERTH_BUILD_LINE_STEP)
    log->steps++;
  if (kind == BERTH_BUILD_LINE_ERROR)
    log->errors++;
}

static char *
run_build (Fixture         *f,
           BerthBuild      *build,
           GError         **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_build_run_async (build, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_build_run_finish (build, result, error);
}

static void
test_build (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (BerthBuildSpec) spec = NULL;
  g_autoptr (BerthBuild) build = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *id = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *inspected = NULL;
  const char *tags[2] = { NULL, NULL };
  const char *args[] = { "GREETING=hello from berth", NULL };
  Log log = { g_ptr_array_new_with_free_func (g_free), 0, 0 };
  BerthBuildContext context;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  write_file (f->tmpdir, "Dockerfile",
              "FROM berth-test/busybox\n"
              "ARG GREETING=unset\n"
              "RUN echo \"$GREETING\" > /greeting\n"
              "COPY . /app/\n");
  write_file (f->tmpdir, ".dockerignore", "# not sent\nsecret.txt\n*.log\n!important.log\n");
  write_file (f->tmpdir, "keep.txt", "kept\n");
  write_file (f->tmpdir, "secret.txt", "must not reach the engine\n");
  write_file (f->tmpdir, "debug.log", "noise\n");
  write_file (f->tmpdir, "important.log", "wanted\n");

  name = berth_test_unique_name ("built");
  tag = g_strconcat (name, ":v1", NULL);
  tags[0] = tag;
  spec = berth_build_spec_new (f->tmpdir);
  spec->tags = g_strdupv ((char **) tags);
  spec->build_args = g_strdupv ((char **) args);
  spec->no_cache = TRUE;

  /* The size first, honouring .dockerignore. */
  berth_build_context_scan_async (spec, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_true (berth_build_context_scan_finish (result, &context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (context.files, ==, 4);
  g_assert_cmpuint (context.excluded, ==, 2);
  g_assert_cmpuint (context.bytes, >, 0);

  build = berth_build_new (spec);
  g_signal_connect (build, "line", G_CALLBACK (line_cb), &log);
  id = run_build (f, build, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "sha256:"));
  g_assert_cmpint (berth_build_get_phase (build), ==, BERTH_BUILD_PHASE_DONE);
  g_assert_cmpuint (log.steps, ==, 4);
  g_assert_cmpuint (berth_build_get_step_count (build), ==, 4);
  g_assert_cmpuint (berth_build_get_step_number (build), ==, 4);
  g_assert_cmpuint (log.errors, ==, 0);
  g_assert_cmpuint (berth_build_get_sent_bytes (build), >, 0);
  g_assert_cmpuint (berth_build_get_sent_bytes (build) % 512, ==, 0);

  /* The engine agrees: the tag names the built image. */
  inspected = image_id (tag);
  g_assert_cmpstr (inspected, ==, id);

  /* The build argument reached the RUN step; the ignored files never left. */
  greeting = berth_test_docker_ok ("run", "--rm", tag, "cat", "/greeting", NULL);
  g_assert_cmpstr (greeting, ==, "hello from berth");
  listing = berth_test_docker_ok ("run", "--rm", tag, "ls", "-a", "/app", NULL);
  g_assert_nonnull (strstr (listing, "keep.txt"));
  g_assert_nonnull (strstr (listing, "important.log"));
  g_assert_nonnull (strstr (listing, "Dockerfile"));
  g_assert_nonnull (strstr (listing, ".dockerignore"));
  g_assert_null (strstr (listing, "secret.txt"));
  g_assert_null (strstr (listing, "debug.log"));

  remove_image_quietly (tag);
  g_ptr_array_unref (log.lines);
}

/* Removes the dangling step images a failed build leaves behind (never a
 * tagged one, such as the base image). */
static void
remove_step_images (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *tags = NULL;
      const char *id;

      if (!g_str_has_prefix (line, " ---> ") || strstr (line, "Running in") || strstr (line, "Using cache"))
        continue;

      id = line + strlen (" ---> ");
      tags = berth_test_docker (NULL, "image", "inspect", "-f", "{{len .RepoTags}}", id, NULL);
      if (g_strcmp0 (tags, "0") == 0)
        remove_image_quietly (id);
    }
}

static void
test_build_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (BerthBuildSpec) spec = NULL;
  g_autoptr (BerthBuild) build = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  Log log = { g_ptr_array_new_with_free_func (g_free), 0, 0 };
  guint containers = 0;

  if (f->engine == NULL)
    return;

  write_file (f->tmpdir, "Dockerfile",
              "FROM berth-test/busybox\n"
              "RUN echo step two\n"
              "RUN echo about to fail && false\n"
              "RUN echo never\n");

  spec = berth_build_spec_new (f->tmpdir);
  spec->no_cache = TRUE;
  spec->force_rm = TRUE;
  build = berth_build_new (spec);
  g_signal_connect (build, "line", G_CALLBACK (line_cb), &log);

  id = run_build (f, build, &error);
  g_assert_null (id);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_STREAM);
  /* Which step, and the builder's own words. */
  g_assert_nonnull (strstr (error->message, "Step 3/4"));
  g_assert_nonnull (strstr (error->message, "RUN echo about to fail && false"));
  g_assert_nonnull (strstr (error->message, "returned a non-zero code: 1"));
  g_assert_cmpstr (berth_build_get_failed_step (build), ==, "Step 3/4 : RUN echo about to fail && false");
  g_assert_cmpint (berth_build_get_phase (build), ==, BERTH_BUILD_PHASE_FAILED);
  g_assert_cmpuint (log.errors, ==, 1);
  g_assert_cmpuint (log.steps, ==, 3);

  /* The step's output reached the log before the failure. */
  g_assert_true (g_ptr_array_find_with_equal_func (log.lines, "about to fail", g_str_equal, NULL));

  /* --force-rm: not even the failed step's container is left behind. */
  for (guint i = 0; i < log.lines->len; i++)
    {
      const char *line = g_ptr_array_index (log.lines, i);
      g_autoptr (GError) gone = NULL;
      g_autofree char *out = NULL;

      if (!g_str_has_prefix (line, " ---> Running in "))
        continue;
      containers++;
      out = berth_test_docker (&gone, "container", "inspect", line + strlen (" ---> Running in "), NULL);
      g_assert_null (out);
      g_assert_nonnull (gone);
    }
  g_assert_cmpuint (containers, ==, 2);
  remove_step_images (log.lines);
  g_ptr_array_unref (log.lines);
}

static void
test_build_missing_dockerfile (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (BerthBuildSpec) spec = NULL;
  g_autoptr (BerthBuild) build = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if (f->engine == NULL)
    return;

  spec = berth_build_spec_new (f->tmpdir);
  spec->dockerfile = g_strdup ("Containerfile");
  build = berth_build_new (spec);
  id = run_build (f, build, &error);
  g_assert_null (id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Containerfile"));
  /* Nothing was sent. */
  g_assert_cmpuint (berth_build_get_sent_bytes (build), ==, 0);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What a container sees under /ctx, sorted. */
static char *
listing (const char *image)
{
  g_autofree char *out = berth_test_docker_ok ("run", "--rm", image, "find", "/ctx", NULL);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv ("\n", lines);
}

/* docker's own CLI as the oracle for .dockerignore: the same context built
 * by `docker build` and by Berth holds the same files. */
static void
test_build_context_like_docker (Fixture       *f,
                                gconstpointer  data)
{
  static const char *files[] = {
    "a/b/c/deep.go", "a/b/x.go", "main.go", "x.go.txt", "docs/api/index.md", "docs/guide.md",
    "node_modules/x/i.js", "src/gen/p.c", "src/m.c", "logs/1.log", "keep.log", "other.log",
    "we[ird].txt", "wei.txt", "myfile", "secretfile", ".env", "README.md", "a b/c d.txt",
  };
  g_autoptr (BerthBuildSpec) spec = NULL;
  g_autoptr (BerthBuild) build = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *context = g_build_filename (f->tmpdir, "ctx", NULL);
  g_autofree char *name = NULL;
  g_autofree char *cli_tag = NULL;
  g_autofree char *berth_tag = NULL;
  g_autofree char *cli_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *cli_files = NULL;
  g_autofree char *berth_files = NULL;
  const char *tags[2] = { NULL, NULL };

  if (f->engine == NULL)
    return;

  g_assert_cmpint (g_mkdir (context, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (context, files[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, files[i], -1, NULL));
    }
  write_file (context, "Dockerfile", "FROM berth-test/busybox\nCOPY . /ctx\n");
  write_file (context, ".dockerignore",
              "# comment\n"
              "**/*.go\n!a/b/x.go\n"
              "docs\n!docs/api/index.md\n"
              "node_modules/\n"
              "/src/gen\n"
              "*.log\n!keep.log\n"
              "**file\n"
              ".*\n!.dockerignore\n"
              "we[ird].txt\n"
              "Dockerfile\n");

  name = berth_test_unique_name ("oracle");
  cli_tag = g_strconcat (name, ":cli", NULL);
  berth_tag = g_strconcat (name, ":berth", NULL);

  /* The classic builder, as Berth uses it. */
  g_setenv ("DOCKER_BUILDKIT", "0", TRUE);
  cli_id = berth_test_docker_ok ("build", "-q", "--no-cache", "-t", cli_tag, context, NULL);

  tags[0] = berth_tag;
  spec = berth_build_spec_new (context);
  spec->tags = g_strdupv ((char **) tags);
  spec->no_cache = TRUE;
  build = berth_build_new (spec);
  id = run_build (f, build, &error);
  g_assert_no_error (error);

  cli_files = listing (cli_tag);
  berth_files = listing (berth_tag);
  g_assert_cmpstr (berth_files, ==, cli_files);
  /* And the rules did something. */
  g_assert_null (strstr (berth_files, "main.go"));
  g_assert_null (strstr (berth_files, "myfile"));
  g_assert_nonnull (strstr (berth_files, "/ctx/a/b/x.go"));
  g_assert_nonnull (strstr (berth_files, "/ctx/docs/api/index.md"));
  g_assert_nonnull (strstr (berth_files, "/ctx/a b/c d.txt"));

  remove_image_quietly (cli_tag);
  remove_image_quietly (berth_tag);
}

typedef struct
{
  GCancellable *cancellable;
  char         *container;
} CancelWatch;

static void
cancel_on_run_cb (BerthBuild         *build,
                  BerthBuildLineKind  kind,
                  const char         *text,
                  CancelWatch        *watch)
{
  if (g_str_has_prefix (text, " ---> Running in ") && watch->container == NULL)
    {
      watch->container = g_strdup (text + strlen (" ---> Running in "));
      g_cancellable_cancel (watch->cancellable);
    }
}

static gboolean
container_gone (const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = berth_test_docker (&error, "container", "inspect", "-f", "{{.Id}}", id, NULL);

  return out == NULL;
}

static void
test_build_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (BerthBuildSpec) spec = NULL;
  g_autoptr (BerthBuild) build = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  CancelWatch watch = { cancellable, NULL };
  GAsyncResult *slot = NULL;
  gint64 start;

  if (f->engine == NULL)
    return;

  write_file (f->tmpdir, "Dockerfile", "FROM berth-test/busybox\nRUN sleep 120\n");
  spec = berth_build_spec_new (f->tmpdir);
  spec->no_cache = TRUE;
  build = berth_build_new (spec);
  g_signal_connect (build, "line", G_CALLBACK (cancel_on_run_cb), &watch);

  start = g_get_monotonic_time ();
  berth_build_run_async (build, f->engine, cancellable, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  id = berth_build_run_finish (build, result, &error);
  g_assert_null (id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (berth_build_get_phase (build), ==, BERTH_BUILD_PHASE_FAILED);
  g_assert_nonnull (watch.container);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);

  /* The engine stops the step (the sleep would last two minutes) and
   * removes its container. */
  berth_test_wait_until (container_gone (watch.container), 30000);
  g_free (watch.container);
}

/* Tag, push, untag, pull back ------------------------------------------------------------- */

static JsonNode *
run_tag (Fixture        *f,
         BerthImageTag  *op,
         GError        **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_image_tag_run_async (op, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_image_tag_run_finish (result, error);
}

/* Removes what a test pushed from the registry (its API allows deletes). */
static void
delete_from_registry (Fixture    *f,
                      const char *repository,
                      const char *digest)
{
  g_autoptr (SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("http://%s/v2/%s/manifests/%s", f->registry, repository, digest);
  g_autofree char *credentials = g_strdup_printf ("%s:%s", g_getenv ("BERTH_TEST_REGISTRY_USER"),
                                                  g_getenv ("BERTH_TEST_REGISTRY_PASSWORD"));
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);

  message = soup_message_new (SOUP_METHOD_DELETE, uri);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 202);
}

static void
test_tag_push_pull (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (BerthImageTag) add = NULL;
  g_autoptr (BerthImageTag) remove = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *base_id = NULL;
  g_autofree char *tagged_id = NULL;
  g_autofree char *pulled_id = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *repository = NULL;

  if (f->engine == NULL)
    return;

  name = berth_test_unique_name ("push");
  target = g_strdup_printf ("%s/%s/busybox:v1", f->registry, name);
  base_id = image_id (berth_test_image ());

  /* docker tag */
  add = berth_image_tag_new_add (berth_test_image (), target);
  answer = run_tag (f, add, &error);
  g_assert_no_error (error);
  tagged_id = image_id (target);
  g_assert_cmpstr (tagged_id, ==, base_id);

  /* docker push, anonymous first: the registry refuses, in its words. */
  g_assert_false (run_transfer (f, BERTH_IMAGE_TRANSFER_PUSH, target, NULL, NULL, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  auth = registry_auth (f, NULL);
  progress = berth_progress_new ();
  g_assert_true (run_transfer (f, BERTH_IMAGE_TRANSFER_PUSH, target, auth, progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progress)), >=, 1);
  g_assert_true (g_str_has_prefix (berth_progress_get_digest (progress), "sha256:"));
  g_assert_cmpfloat (berth_progress_get_fraction (progress), ==, 1.0);
  digest = g_strdup (berth_progress_get_digest (progress));

  /* docker rmi of the tag alone: the base image stays. */
  remove = berth_image_tag_new_remove (target);
  g_clear_pointer (&answer, json_node_unref);
  answer = run_tag (f, remove, &error);
  g_assert_no_error (error);
  g_assert_false (image_exists (target));
  g_assert_true (image_exists (berth_test_image ()));

  /* Pull it back: the same image. */
  g_clear_object (&progress);
  progress = berth_progress_new ();
  g_assert_true (run_transfer (f, BERTH_IMAGE_TRANSFER_PULL, target, auth, progress, NULL, &error));
  g_assert_no_error (error);
  pulled_id = image_id (target);
  g_assert_cmpstr (pulled_id, ==, base_id);

  g_clear_pointer (&answer, json_node_unref);
  answer = run_tag (f, remove, &error);
  g_assert_no_error (error);
  g_assert_false (image_exists (target));

  repository = g_strconcat (name, "/busybox", NULL);
  delete_from_registry (f, repository, digest);
}

static void
test_tag_invalid (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (BerthImageTag) bad_target = NULL;
  g_autoptr (BerthImageTag) by_id = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *id = NULL;

  if (f->engine == NULL)
    return;

  bad_target = berth_image_tag_new_add (berth_test_image (), "Upper/Case:tag");
  answer = run_tag (f, bad_target, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Untag never takes an id: that would remove the image. */
  id = image_id (berth_test_image ());
  by_id = berth_image_tag_new_remove (id);
  answer = run_tag (f, by_id, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_true (image_exists (berth_test_image ()));
}

/* Save, load, import --------------------------------------------------------------------- */

static char **
run_archive (Fixture            *f,
             BerthImageArchive  *archive,
             BerthProgress      *progress,
             GError            **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_image_archive_run_async (archive, f->engine, progress, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_image_archive_run_finish (result, error);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (BerthImageArchive) save = NULL;
  g_autoptr (BerthImageArchive) load = NULL;
  g_autoptr (BerthImageTag) untag = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base_id = NULL;
  g_autofree char *loaded_id = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *tagged = NULL;
  g_auto (GStrv) saved = NULL;
  g_auto (GStrv) loaded = NULL;
  const char *images[2] = { NULL, NULL };
  gsize length = 0;

  if (f->engine == NULL)
    return;

  name = berth_test_unique_name ("saved");
  images[0] = tagged = g_strconcat (name, ":v1", NULL);
  base_id = image_id (berth_test_image ());
  g_free (berth_test_docker_ok ("tag", berth_test_image (), tagged, NULL));

  path = g_build_filename (f->tmpdir, "images.tar.gz", NULL);
  save = berth_image_archive_new_save (path, images);
  g_assert_true (berth_image_archive_get_compressed (save));
  progress = berth_progress_new ();
  saved = run_archive (f, save, progress, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved[0], ==, path);
  g_assert_cmpuint (berth_progress_get_current (progress), >, 1000000);

  /* gzip, as the name says; and no temporary file is left beside it. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint ((guchar) contents[0], ==, 0x1f);
  g_assert_cmpint ((guchar) contents[1], ==, 0x8b);
  g_assert_cmpuint (length, <, berth_progress_get_current (progress));
  g_assert_cmpuint (count_files (f->tmpdir), ==, 1);

  /* Remove the tag, load the file: the tag is back, on the same image. */
  untag = berth_image_tag_new_remove (tagged);
  {
    g_autoptr (GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    berth_image_tag_run_async (untag, f->engine, NULL, berth_test_result_cb, &slot);
    result = berth_test_await (&slot);
    answer = berth_image_tag_run_finish (result, &error);
    g_assert_no_error (error);
  }
  g_assert_false (image_exists (tagged));

  load = berth_image_archive_new_load (path);
  g_clear_object (&progress);
  progress = berth_progress_new ();
  loaded = run_archive (f, load, progress, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) loaded, tagged));
  g_assert_cmpuint (berth_progress_get_current (progress), ==, length);
  g_assert_cmpuint (berth_progress_get_total (progress), ==, length);
  loaded_id = image_id (tagged);
  g_assert_cmpstr (loaded_id, ==, base_id);

  remove_image_quietly (tagged);
}

static void
test_save_failure_leaves_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (BerthImageArchive) save = NULL;
  g_autoptr (BerthImageArchive) cancelled = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_auto (GStrv) saved = NULL;
  const char *images[2] = { NULL, NULL };
  const char *base[2] = { NULL, NULL };
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  missing = berth_test_unique_name ("missing");
  images[0] = missing;
  path = g_build_filename (f->tmpdir, "missing.tar", NULL);
  save = berth_image_archive_new_save (path, images);
  saved = run_archive (f, save, NULL, &error);
  g_assert_null (saved);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_files (f->tmpdir), ==, 0);
  g_clear_error (&error);

  /* Cancelled once the first bytes are written: the partial file goes too. */
  base[0] = berth_test_image ();
  cancelled = berth_image_archive_new_save (path, base);
  progress = berth_progress_new ();
  g_signal_connect_swapped (progress, "notify::current", G_CALLBACK (g_cancellable_cancel), cancellable);
  berth_image_archive_run_async (cancelled, f->engine, progress, cancellable, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_null (berth_image_archive_run_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (berth_progress_get_current (progress), >, 0);
  g_assert_false (berth_progress_get_finished (progress));
  g_assert_cmpuint (count_files (f->tmpdir), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled at once, before the file is even made. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  berth_image_archive_run_async (cancelled, f->engine, NULL, cancellable, berth_test_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = berth_test_await (&slot);
  g_assert_null (berth_image_archive_run_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (f->tmpdir), ==, 0);
}

/* A root filesystem with one file, as `tar` would make it. */
static void
write_rootfs (const char *path)
{
  struct archive *archive = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();
  const char *text = "imported by berth\n";

  archive_write_set_format_pax_restricted (archive);
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);

  archive_entry_set_pathname (entry, "etc");
  archive_entry_set_filetype (entry, AE_IFDIR);
  archive_entry_set_perm (entry, 0755);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);

  archive_entry_clear (entry);
  archive_entry_set_pathname (entry, "etc/berth-release");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, strlen (text));
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (archive, text, strlen (text)), ==, (la_ssize_t) strlen (text));

  archive_entry_free (entry);
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (BerthImageArchive) import = NULL;
  g_autoptr (BerthProgress) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autofree char *inspected = NULL;
  g_autofree char *layers = NULL;
  g_auto (GStrv) imported = NULL;

  if (f->engine == NULL)
    return;

  path = g_build_filename (f->tmpdir, "rootfs.tar", NULL);
  write_rootfs (path);
  name = berth_test_unique_name ("imported");
  reference = g_strconcat (name, ":v1", NULL);

  import = berth_image_archive_new_import (path, reference);
  progress = berth_progress_new ();
  imported = run_archive (f, import, progress, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (imported[0], "sha256:"));
  g_assert_cmpuint (berth_progress_get_total (progress), >, 0);
  g_assert_cmpuint (berth_progress_get_current (progress), ==, berth_progress_get_total (progress));

  inspected = image_id (reference);
  g_assert_cmpstr (inspected, ==, imported[0]);
  layers = berth_test_docker_ok ("image", "inspect", "-f", "{{len .RootFS.Layers}}", reference, NULL);
  g_assert_cmpstr (layers, ==, "1");

  remove_image_quietly (reference);
}

/* History, search, disk usage ----------------------------------------------------------- */

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) history = NULL;
  g_autoptr (BerthHistoryEntry) first = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base_id = NULL;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  base_id = image_id (berth_test_image ());
  berth_image_history_async (f->engine, berth_test_image (), NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  history = berth_image_history_finish (f->engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), >=, 1);
  g_assert_true (g_list_model_get_item_type (history) == BERTH_TYPE_HISTORY_ENTRY);

  first = g_list_model_get_item (history, 0);
  g_assert_cmpstr (berth_history_entry_get_id (first), ==, base_id);
  g_assert_cmpint (berth_history_entry_get_size (first), >, 0);
  g_assert_cmpint (berth_history_entry_get_created (first), >, 0);
  g_assert_true (g_strv_contains (berth_history_entry_get_tags (first), berth_test_image ()));
  g_clear_object (&result);
  g_clear_object (&history);

  /* An image that is not there: the engine's words. */
  berth_image_history_async (f->engine, "berth-test/no-such-image:never", NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  history = berth_image_history_finish (f->engine, result, &error);
  g_assert_null (history);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) found = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  berth_image_search_async (f->engine, "busybox", 5, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  found = berth_image_search_finish (f->engine, result, &error);

  /* The test machine may be offline: then the engine could not reach the
   * registry, and the message says so with the engine's words. */
  if (found == NULL)
    {
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_SERVER);
      g_assert_true (g_str_has_prefix (error->message, "The engine could not search the registry: "));
      g_assert_cmpuint (strlen (error->message), >, strlen ("The engine could not search the registry: "));
    }
  else
    {
      g_autoptr (BerthSearchResult) first = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (found), <=, 5);
      g_assert_cmpuint (g_list_model_get_n_items (found), >=, 1);
      first = g_list_model_get_item (found, 0);
      g_assert_nonnull (strstr (berth_search_result_get_name (first), "busybox"));
    }
  g_clear_error (&error);
  g_clear_object (&result);

  /* An empty search is refused before anything is sent. */
  berth_image_search_async (f->engine, "  ", 0, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_null (berth_image_search_finish (f->engine, result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_disk_usage (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (BerthDiskUsage) usage = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  berth_disk_usage_async (f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  usage = berth_disk_usage_finish (f->engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (usage->images, >=, 1);
  g_assert_cmpint (usage->layers_size, >, 0);
  g_assert_cmpint (usage->images_reclaimable, <=, usage->layers_size);
  g_assert_cmpuint (usage->images_dangling, <=, usage->images_unused);
  g_assert_cmpint (usage->images_dangling_size, <=, usage->images_unused_size);
  g_assert_cmpuint (usage->images_in_use + usage->images_unused, ==, usage->images);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/images/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pull", test_pull);
  ADD ("pull-errors", test_pull_errors);
  ADD ("pull-cancel", test_pull_cancel);
  ADD ("login", test_login);
  ADD ("build", test_build);
  ADD ("build-failure", test_build_failure);
  ADD ("build-missing-dockerfile", test_build_missing_dockerfile);
  ADD ("build-cancel", test_build_cancel);
  ADD ("build-context-like-docker", test_build_context_like_docker);
  ADD ("tag-push-pull", test_tag_push_pull);
  ADD ("tag-invalid", test_tag_invalid);
  ADD ("save-load", test_save_load);
  ADD ("save-failure-leaves-nothing", test_save_failure_leaves_nothing);
  ADD ("import", test_import);
  ADD ("history", test_history);
  ADD ("search", test_search);
  ADD ("disk-usage", test_disk_usage);
#undef ADD

  return g_test_run ();
}
