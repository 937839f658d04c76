/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "berth-archive.h"
#include "berth-container-ops.h"
#include "berth-engine-error.h"
#include "berth-inspect.h"
#include "berth-test-util.h"

/* Files inside containers (docker cp both ways, listings, small reads),
 * inspect, commit, rename and export, against the private test engine,
 * with the docker CLI as the witness. */

typedef struct
{
  BerthEndpoint *endpoint;
  BerthEngine   *engine;
  char          *running;     /* a running busybox container */
  char          *stopped;     /* one that was created, never started */
  char          *scratch;     /* a local folder of our own */
  gboolean       exec_works;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *probe = NULL;

  f->endpoint = berth_test_get_endpoint ();
  if (f->endpoint == NULL)
    return;

  f->engine = berth_test_connect_engine (f->endpoint);
  f->running = berth_test_unique_name ("files-running");
  f->stopped = berth_test_unique_name ("files-stopped");
  g_free (berth_test_docker_ok ("run", "-d", "--name", f->running, berth_test_image (), "sleep", "600", NULL));
  g_free (berth_test_docker_ok ("create", "--name", f->stopped, berth_test_image (), "sleep", "600", NULL));

  f->scratch = g_dir_make_tmp ("berth-files-XXXXXX", &error);
  g_assert_no_error (error);

  /* The test engine must be able to exec: the cheap listing depends on it. */
  probe = berth_test_docker_ok ("exec", f->running, "true", NULL);
  f->exec_works = TRUE;
}

static void
remove_all (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;
  struct stat st;

  if (g_lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode))
    {
      g_unlink (path);
      return;
    }

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_all (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->engine != NULL)
    g_free (berth_test_docker (NULL, "rm", "-f", f->running, f->stopped, NULL));
  if (f->scratch != NULL)
    remove_all (f->scratch);

  g_clear_object (&f->engine);
  g_clear_object (&f->endpoint);
  g_free (f->running);
  g_free (f->stopped);
  g_free (f->scratch);
}

static char *
scratch_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->scratch, name, NULL);
}

/* What is at @path in @container, read through exec cat as a person would;
 * through docker cp when this engine cannot exec. */
static char *
read_back (Fixture    *f,
           const char *container,
           const char *path)
{
  g_autofree char *source = NULL;
  g_autofree char *local = NULL;
  char *contents = NULL;

  if (f->exec_works)
    return berth_test_docker_ok ("exec", container, "cat", path, NULL);

  source = g_strconcat (container, ":", path, NULL);
  local = scratch_path (f, "read-back");
  remove_all (local);
  g_free (berth_test_docker_ok ("cp", source, local, NULL));
  g_assert_true (g_file_get_contents (local, &contents, NULL, NULL));
  remove_all (local);
  return g_strstrip (contents);
}

/* Listing ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *entries;
  guint      batches;
  gboolean   finished;
} Collected;

static void
collect_cb (GPtrArray *batch,
            gpointer   user_data)
{
  Collected *collected = user_data;

  g_assert_false (collected->finished);
  g_assert_cmpuint (batch->len, >, 0);
  collected->batches++;
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (collected->entries, g_object_ref (g_ptr_array_index (batch, i)));
}

static GPtrArray *
list_folder (Fixture                 *f,
             const char              *container,
             const char              *path,
             BerthArchiveListFlags    flags,
             BerthArchiveListMethod  *method,
             GError                 **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (BerthFileEntry) folder = NULL;
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), 0, FALSE };
  GAsyncResult *slot = NULL;

  berth_archive_list_async (f->engine, container, path, flags, collect_cb, &collected, NULL,
                            NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  folder = berth_archive_list_finish (f->engine, result, method, error);
  collected.finished = TRUE;

  if (folder == NULL)
    {
      g_ptr_array_unref (collected.entries);
      return NULL;
    }

  g_assert_cmpint (berth_file_entry_get_kind (folder), ==, BERTH_FILE_KIND_DIRECTORY);
  g_assert_cmpuint (collected.batches, >=, 1);
  return collected.entries;
}

static BerthFileEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      BerthFileEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (berth_file_entry_get_name (entry), name) == 0)
        return entry;
    }
  return NULL;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
describe (GPtrArray *entries)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      BerthFileEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s %s", berth_file_entry_get_mode_string (entry),
                                               berth_file_entry_get_name (entry),
                                               berth_file_entry_get_link_target (entry)
                                                 ? berth_file_entry_get_link_target (entry) : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

static void
assert_bin (GPtrArray *entries)
{
  BerthFileEntry *busybox = find_entry (entries, "busybox");
  BerthFileEntry *sh = find_entry (entries, "sh");

  g_assert_nonnull (busybox);
  g_assert_cmpint (berth_file_entry_get_kind (busybox), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (busybox), >, 100000);
  g_assert_cmpstr (berth_file_entry_get_mode_string (busybox), ==, "-rwxr-xr-x");
  g_assert_cmpint (berth_file_entry_get_uid (busybox), ==, 0);
  g_assert_cmpint (berth_file_entry_get_mtime (busybox), >, 0);
  g_assert_nonnull (sh);
  g_assert_cmpint (berth_file_entry_get_kind (sh), ==, BERTH_FILE_KIND_SYMLINK);
  g_assert_cmpstr (berth_file_entry_get_link_target (sh), ==, "/bin/busybox");
  g_assert_cmpstr (berth_file_entry_get_path (sh), ==, "/bin/sh");
}

static void
assert_root (GPtrArray *entries)
{
  const char *folders[] = { "bin", "etc", "tmp" };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      BerthFileEntry *entry = find_entry (entries, folders[i]);

      g_assert_nonnull (entry);
      g_assert_cmpint (berth_file_entry_get_kind (entry), ==, BERTH_FILE_KIND_DIRECTORY);
    }
  g_assert_null (find_entry (entries, "busybox"));
}

static void
test_list_running (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) root = NULL;
  g_autoptr (GPtrArray) bin = NULL;
  g_autoptr (GPtrArray) bin_archive = NULL;
  g_autofree char *by_exec = NULL;
  g_autofree char *by_archive = NULL;
  BerthArchiveListMethod method;

  if (f->engine == NULL)
    return;

  root = list_folder (f, f->running, "/", BERTH_ARCHIVE_LIST_DEFAULT, &method, &error);
  g_assert_no_error (error);
  assert_root (root);
  /* exec is cheaper; without it the archive still lists. */
  g_assert_cmpint (method, ==, f->exec_works ? BERTH_ARCHIVE_LIST_METHOD_EXEC : BERTH_ARCHIVE_LIST_METHOD_ARCHIVE);

  bin = list_folder (f, f->running, "/bin", BERTH_ARCHIVE_LIST_DEFAULT, &method, &error);
  g_assert_no_error (error);
  assert_bin (bin);

  bin_archive = list_folder (f, f->running, "//bin/", BERTH_ARCHIVE_LIST_NO_EXEC, &method, &error);
  g_assert_no_error (error);
  g_assert_cmpint (method, ==, BERTH_ARCHIVE_LIST_METHOD_ARCHIVE);
  assert_bin (bin_archive);

  /* Both ways agree, entry for entry. */
  by_exec = describe (bin);
  by_archive = describe (bin_archive);
  g_assert_cmpstr (by_exec, ==, by_archive);
}

static void
test_list_stopped (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) root = NULL;
  g_autoptr (GPtrArray) bin = NULL;
  BerthArchiveListMethod method = BERTH_ARCHIVE_LIST_METHOD_EXEC;

  if (f->engine == NULL)
    return;

  root = list_folder (f, f->stopped, "/", BERTH_ARCHIVE_LIST_DEFAULT, &method, &error);
  g_assert_no_error (error);
  g_assert_cmpint (method, ==, BERTH_ARCHIVE_LIST_METHOD_ARCHIVE);
  assert_root (root);

  bin = list_folder (f, f->stopped, "/bin", BERTH_ARCHIVE_LIST_DEFAULT, &method, &error);
  g_assert_no_error (error);
  assert_bin (bin);
}

static void
test_list_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (BerthFileEntry) folder = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *left = NULL;
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), 0, FALSE };
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  before = berth_test_docker_ok ("ps", "-a", "-q", "--filter", "label=io.github.berthapp.Berth.temporary", NULL);
  berth_archive_list_image_async (f->engine, berth_test_image (), "/bin", collect_cb, &collected, NULL,
                                  NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  folder = berth_archive_list_image_finish (f->engine, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  assert_bin (collected.entries);
  g_ptr_array_unref (collected.entries);

  /* The temporary container is gone. */
  left = berth_test_docker_ok ("ps", "-a", "-q", "--filter", "label=io.github.berthapp.Berth.temporary", NULL);
  g_assert_cmpstr (left, ==, before);
}

static void
test_list_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  if (f->engine == NULL)
    return;

  entries = list_folder (f, f->stopped, "/nope", BERTH_ARCHIVE_LIST_DEFAULT, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nope"));
  g_clear_error (&error);

  entries = list_folder (f, f->running, "/etc/passwd", BERTH_ARCHIVE_LIST_DEFAULT, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  entries = list_folder (f, "berth-test-no-such-container", "/", BERTH_ARCHIVE_LIST_DEFAULT, NULL, &error);
  g_assert_null (entries);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "berth-test-no-such-container"));
}

static BerthFileEntry *
stat_path (Fixture     *f,
           const char  *container,
           const char  *path,
           GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_archive_stat_async (f->engine, container, path, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_stat_finish (f->engine, result, error);
}

static void
test_stat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthFileEntry) sh = stat_path (f, f->running, "/bin/sh", &error);
  g_autoptr (BerthFileEntry) passwd = NULL;
  g_autoptr (BerthFileEntry) nope = NULL;
  g_autofree char *expected = NULL;

  if (f->engine == NULL)
    return;

  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (sh), ==, BERTH_FILE_KIND_SYMLINK);
  g_assert_cmpstr (berth_file_entry_get_link_target (sh), ==, "/bin/busybox");

  passwd = stat_path (f, f->stopped, "/etc/passwd", &error);
  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (passwd), ==, BERTH_FILE_KIND_FILE);
  expected = read_back (f, f->running, "/etc/passwd");
  /* read_back strips the final newline. */
  g_assert_cmpuint (berth_file_entry_get_size (passwd), ==, strlen (expected) + 1);

  nope = stat_path (f, f->running, "/nope/deeper", &error);
  g_assert_null (nope);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nope/deeper"));
}

/* Downloads --------------------------------------------------------------------------- */

typedef struct
{
  guint64       done;
  guint64       total;
  guint         calls;
  GCancellable *cancel_on_first;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->done);
  progress->done = done;
  progress->total = total;
  progress->calls++;
  if (progress->cancel_on_first != NULL)
    g_cancellable_cancel (progress->cancel_on_first);
}

static gboolean
download (Fixture       *f,
          const char    *container,
          const char    *path,
          const char    *local,
          Progress      *progress,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr (BerthDownloadSpec) spec = berth_download_spec_new (container, NULL, path, local);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_archive_download_async (f->engine, spec, progress ? progress_cb : NULL, progress, NULL,
                                cancellable, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_download_finish (f->engine, result, error);
}

static void
assert_same_tree (const char *a,
                  const char *b)
{
  struct stat sa, sb;

  g_assert_cmpint (g_lstat (a, &sa), ==, 0);
  g_assert_cmpint (g_lstat (b, &sb), ==, 0);
  g_assert_cmpuint (sa.st_mode & S_IFMT, ==, sb.st_mode & S_IFMT);

  if (S_ISREG (sa.st_mode))
    {
      g_autofree char *ca = NULL;
      g_autofree char *cb = NULL;
      gsize la = 0, lb = 0;

      g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
      g_assert_cmpuint (sa.st_mode & 0777, ==, sb.st_mode & 0777);
    }
  else if (S_ISLNK (sa.st_mode))
    {
      g_autofree char *ta = g_file_read_link (a, NULL);
      g_autofree char *tb = g_file_read_link (b, NULL);

      g_assert_cmpstr (ta, ==, tb);
    }
  else if (S_ISDIR (sa.st_mode))
    {
      g_autoptr (GDir) da = g_dir_open (a, 0, NULL);
      const char *name;
      guint na = 0;

      while ((name = g_dir_read_name (da)) != NULL)
        {
          g_autofree char *ca = g_build_filename (a, name, NULL);
          g_autofree char *cb = g_build_filename (b, name, NULL);

          assert_same_tree (ca, cb);
          na++;
        }
      {
        g_autoptr (GDir) db = g_dir_open (b, 0, NULL);
        guint nb = 0;

        while (g_dir_read_name (db) != NULL)
          nb++;
        g_assert_cmpuint (na, ==, nb);
      }
    }
}

static guint
count_children (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_download_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *source = NULL;
  g_autoptr (GError) error = NULL;
  Progress progress = { 0 };
  struct stat st;

  if (f->engine == NULL)
    return;

  ours = scratch_path (f, "passwd copy");
  theirs = scratch_path (f, "passwd-docker-cp");
  g_assert_true (download (f, f->running, "/etc/passwd", ours, &progress, NULL, &error));
  g_assert_no_error (error);

  source = g_strconcat (f->running, ":/etc/passwd", NULL);
  g_free (berth_test_docker_ok ("cp", source, theirs, NULL));
  assert_same_tree (ours, theirs);

  g_assert_cmpint (g_stat (ours, &st), ==, 0);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.total, ==, st.st_size);
  g_assert_cmpuint (progress.done, ==, st.st_size);
  g_assert_cmpuint (count_children (f->scratch), ==, 2);
}

static void
test_download_folder (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *ours_bin = NULL;
  g_autofree char *theirs_bin = NULL;
  g_autofree char *source = NULL;
  g_autoptr (GError) error = NULL;
  Progress progress = { 0 };

  if (f->engine == NULL)
    return;

  ours = scratch_path (f, "etc");
  theirs = scratch_path (f, "etc-docker-cp");
  g_assert_true (download (f, f->running, "/etc", ours, &progress, NULL, &error));
  g_assert_no_error (error);
  source = g_strconcat (f->running, ":/etc", NULL);
  g_free (berth_test_docker_ok ("cp", source, theirs, NULL));
  assert_same_tree (ours, theirs);
  g_assert_true (g_file_test (ours, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (progress.total, ==, 0);
  g_assert_cmpuint (progress.done, >, 0);

  /* A big one, from a stopped container. */
  ours_bin = scratch_path (f, "bin");
  theirs_bin = scratch_path (f, "bin-docker-cp");
  g_assert_true (download (f, f->stopped, "/bin", ours_bin, NULL, NULL, &error));
  g_assert_no_error (error);
  g_free (source);
  source = g_strconcat (f->stopped, ":/bin", NULL);
  g_free (berth_test_docker_ok ("cp", source, theirs_bin, NULL));
  assert_same_tree (ours_bin, theirs_bin);
  g_assert_cmpuint (count_children (f->scratch), ==, 4);
}

static void
test_download_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *existing = NULL;
  g_autofree char *missing_folder = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  /* A target that exists is refused before anything is sent. */
  existing = scratch_path (f, "passwd");
  g_assert_true (g_file_set_contents (existing, "mine", -1, NULL));
  g_assert_false (download (f, f->running, "/etc/passwd", existing, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");
  g_clear_error (&error);

  missing_folder = g_build_filename (f->scratch, "no such folder", "passwd", NULL);
  g_assert_false (download (f, f->running, "/etc/passwd", missing_folder, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Root may write anywhere; others get a clear refusal. */
  if (geteuid () != 0)
    {
      g_autofree char *locked = scratch_path (f, "locked");
      g_autofree char *inside = g_build_filename (locked, "passwd", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      g_assert_false (download (f, f->running, "/etc/passwd", inside, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      g_rmdir (locked);
    }

  /* A path that does not exist: the engine's 404, said plainly. */
  target = scratch_path (f, "nope");
  g_assert_false (download (f, f->running, "/nope", target, NULL, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nope"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_children (f->scratch), ==, 1);
}

static void
test_download_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *target = NULL;
  g_autoptr (GError) error = NULL;
  Progress progress = { 0 };

  if (f->engine == NULL)
    return;

  /* Cancelled once bytes flow: no half-written folder under the name, no
   * temporary folder left. */
  progress.cancel_on_first = cancellable;
  target = scratch_path (f, "bin");
  g_assert_false (download (f, f->stopped, "/bin", target, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_children (f->scratch), ==, 0);
}

/* Reading a small file ----------------------------------------------------------------- */

static GBytes *
read_file (Fixture     *f,
           const char  *container,
           const char  *path,
           GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_archive_read_file_async (f->engine, container, path, BERTH_ARCHIVE_TEXT_MAX_SIZE,
                                 NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_read_file_finish (f->engine, result, error);
}

static void
test_read_file (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) passwd = NULL;
  g_autoptr (GBytes) big = NULL;
  g_autoptr (GBytes) folder = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  if (f->engine == NULL)
    return;

  passwd = read_file (f, f->running, "/etc/passwd", &error);
  g_assert_no_error (error);
  g_assert_true (berth_archive_bytes_look_like_text (passwd));
  expected = read_back (f, f->running, "/etc/passwd");
  text = g_strndup (g_bytes_get_data (passwd, NULL), g_bytes_get_size (passwd));
  g_assert_cmpstr (g_strstrip (text), ==, expected);

  /* /bin/sh is a link to busybox, which is too big to show. */
  big = read_file (f, f->stopped, "/bin/sh", &error);
  g_assert_null (big);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "download"));
  g_clear_error (&error);

  folder = read_file (f, f->running, "/etc", &error);
  g_assert_null (folder);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

/* Uploads ---------------------------------------------------------------------------------- */

static gboolean
upload (Fixture       *f,
        const char    *container,
        const char   **sources,
        const char    *path,
        gboolean       overwrite,
        Progress      *progress,
        GError       **error)
{
  g_autoptr (BerthUploadSpec) spec = berth_upload_spec_new (container, NULL, sources, path);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  spec->overwrite = overwrite;
  berth_archive_upload_async (f->engine, spec, progress ? progress_cb : NULL, progress, NULL,
                              NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_upload_finish (f->engine, result, error);
}

/* a.txt and site/{index.html,link -> index.html} in the scratch folder. */
static void
make_upload_sources (Fixture  *f,
                     char    **file,
                     char    **folder)
{
  g_autofree char *index = NULL;
  g_autofree char *link = NULL;

  *file = scratch_path (f, "a.txt");
  *folder = scratch_path (f, "site");
  index = g_build_filename (*folder, "index.html", NULL);
  link = g_build_filename (*folder, "link", NULL);

  g_assert_true (g_file_set_contents (*file, "hello from berth\n", -1, NULL));
  g_assert_cmpint (g_mkdir (*folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (index, "<h1>it works</h1>\n", -1, NULL));
  g_assert_cmpint (symlink ("index.html", link), ==, 0);
}

static void
test_upload (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *a = NULL;
  g_autofree char *index = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) site = NULL;
  BerthFileEntry *link;
  Progress progress = { 0 };

  if (f->engine == NULL)
    return;

  make_upload_sources (f, &file, &folder);
  g_assert_true (upload (f, f->running, (const char *[]) { file, folder, NULL }, "/tmp",
                         FALSE, &progress, &error));
  g_assert_no_error (error);

  a = read_back (f, f->running, "/tmp/a.txt");
  g_assert_cmpstr (a, ==, "hello from berth");
  index = read_back (f, f->running, "/tmp/site/index.html");
  g_assert_cmpstr (index, ==, "<h1>it works</h1>");

  site = list_folder (f, f->running, "/tmp/site", BERTH_ARCHIVE_LIST_NO_EXEC, NULL, &error);
  g_assert_no_error (error);
  link = find_entry (site, "link");
  g_assert_nonnull (link);
  g_assert_cmpstr (berth_file_entry_get_link_target (link), ==, "index.html");
  /* docker cp makes root the owner. */
  g_assert_cmpint (berth_file_entry_get_uid (find_entry (site, "index.html")), ==, 0);

  g_assert_cmpuint (progress.total, ==, strlen ("hello from berth\n") + strlen ("<h1>it works</h1>\n"));
  g_assert_cmpuint (progress.done, ==, progress.total);
}

static char **
find_existing (Fixture             *f,
               const char          *container,
               const char          *folder,
               const char * const  *names,
               GError             **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_archive_find_existing_async (f->engine, container, folder, names, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_find_existing_finish (f->engine, result, error);
}

static void
test_upload_overwrite (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *a = NULL;
  g_autofree char *impostor_dir = NULL;
  g_autofree char *impostor = NULL;
  g_auto (GStrv) found = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  make_upload_sources (f, &file, &folder);
  g_assert_true (upload (f, f->running, (const char *[]) { file, folder, NULL }, "/tmp", FALSE, NULL, &error));
  g_assert_no_error (error);

  found = find_existing (f, f->running, "/tmp", (const char *[]) { "a.txt", "nope.txt", "site", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, 2);
  g_assert_cmpstr (found[0], ==, "a.txt");
  g_assert_cmpstr (found[1], ==, "site");

  /* Asked not to overwrite: refused, untouched. */
  g_assert_true (g_file_set_contents (file, "second version\n", -1, NULL));
  g_assert_false (upload (f, f->running, (const char *[]) { file, NULL }, "/tmp", FALSE, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "a.txt"));
  g_clear_error (&error);
  a = read_back (f, f->running, "/tmp/a.txt");
  g_assert_cmpstr (a, ==, "hello from berth");

  /* Told to: replaced. */
  g_assert_true (upload (f, f->running, (const char *[]) { file, NULL }, "/tmp", TRUE, NULL, &error));
  g_assert_no_error (error);
  g_free (a);
  a = read_back (f, f->running, "/tmp/a.txt");
  g_assert_cmpstr (a, ==, "second version");

  /* A file never replaces a folder: the engine says no. */
  impostor_dir = scratch_path (f, "impostor");
  impostor = g_build_filename (impostor_dir, "site", NULL);
  g_assert_cmpint (g_mkdir (impostor_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (impostor, "not a folder", -1, NULL));
  g_assert_false (upload (f, f->running, (const char *[]) { impostor, NULL }, "/tmp", TRUE, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BERTH_ENGINE_ERROR);
  g_test_message ("file over folder: %s", error->message);
  g_clear_error (&error);

  /* Into something that is not there, or not a folder. */
  g_assert_false (upload (f, f->running, (const char *[]) { file, NULL }, "/nope", TRUE, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (upload (f, f->running, (const char *[]) { file, NULL }, "/etc/passwd", TRUE, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

/* Commit, rename, export ------------------------------------------------------------------ */

static void
test_commit (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *id = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *inspected_id = NULL;
  g_autoptr (BerthCommitSpec) spec = NULL;
  g_autoptr (BerthCommitSpec) bad = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (f->engine == NULL)
    return;

  make_upload_sources (f, &file, &folder);
  g_assert_true (upload (f, f->running, (const char *[]) { file, NULL }, "/tmp", FALSE, NULL, &error));
  g_assert_no_error (error);

  repository = berth_test_unique_name ("files-commit");
  reference = g_strconcat (repository, ":v1", NULL);
  spec = berth_commit_spec_new (f->running, NULL);
  spec->repository = g_strdup (repository);
  spec->tag = g_strdup ("v1");
  spec->message = g_strdup ("add a.txt");
  spec->author = g_strdup ("Berth Tests <tests@example.com>");

  berth_commit_spec_run_async (spec, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  id = berth_commit_spec_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "sha256:"));

  inspected_id = berth_test_docker_ok ("image", "inspect", "-f", "{{.Id}}", reference, NULL);
  g_assert_cmpstr (inspected_id, ==, id);
  meta = berth_test_docker_ok ("image", "inspect", "-f", "{{.Comment}}|{{.Author}}", reference, NULL);
  g_assert_cmpstr (meta, ==, "add a.txt|Berth Tests <tests@example.com>");
  /* The new image's filesystem has the uploaded file. */
  inside = berth_test_docker_ok ("run", "--rm", reference, "cat", "/tmp/a.txt", NULL);
  g_assert_cmpstr (inside, ==, "hello from berth");
  g_free (berth_test_docker_ok ("rmi", "-f", reference, NULL));

  /* A bad name is caught before anything is sent. */
  bad = berth_commit_spec_new (f->running, NULL);
  bad->repository = g_strdup ("Not A Repo");
  g_clear_object (&result);
  berth_commit_spec_run_async (bad, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  g_assert_null (berth_commit_spec_run_finish (result, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static gboolean
rename_container (Fixture     *f,
                  const char  *container,
                  const char  *new_name,
                  GError     **error)
{
  g_autoptr (BerthRenameSpec) spec = berth_rename_spec_new (container, container, new_name);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_rename_spec_run_async (spec, f->engine, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_rename_spec_run_finish (result, error);
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *new_name = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;

  if (f->engine == NULL)
    return;

  new_name = berth_test_unique_name ("files-renamed");
  g_assert_true (rename_container (f, f->stopped, new_name, &error));
  g_assert_no_error (error);
  shown = berth_test_docker_ok ("inspect", "-f", "{{.Name}}", new_name, NULL);
  expected = g_strconcat ("/", new_name, NULL);
  g_assert_cmpstr (shown, ==, expected);
  g_free (f->stopped);
  f->stopped = g_steal_pointer (&new_name);

  /* A name taken: the engine's 409 and its own words. */
  g_assert_false (rename_container (f, f->running, f->stopped, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, f->stopped));
  g_test_message ("name taken: %s", error->message);
  g_clear_error (&error);

  g_assert_false (rename_container (f, f->running, "-bad name", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static gboolean
export_container (Fixture     *f,
                  const char  *container,
                  const char  *local,
                  Progress    *progress,
                  GError     **error)
{
  g_autoptr (BerthExportSpec) spec = berth_export_spec_new (container, NULL, local);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_export_spec_run_async (spec, f->engine, progress ? progress_cb : NULL, progress, NULL,
                               NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_export_spec_run_finish (result, error);
}

static gboolean
tar_file_has (const char *path,
              const char *name)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  gboolean found = FALSE;

  archive_read_support_format_tar (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 10240), ==, ARCHIVE_OK);
  while (!found && archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    found = g_strcmp0 (archive_entry_pathname (entry), name) == 0;
  archive_read_free (archive);
  return found;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *target = NULL;
  g_autofree char *missing = NULL;
  g_autoptr (GError) error = NULL;
  Progress progress = { 0 };
  struct stat st;

  if (f->engine == NULL)
    return;

  target = scratch_path (f, "web.tar");
  g_assert_true (export_container (f, f->stopped, target, &progress, &error));
  g_assert_no_error (error);
  g_assert_true (tar_file_has (target, "bin/busybox"));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpuint (progress.done, ==, st.st_size);
  g_assert_cmpuint (count_children (f->scratch), ==, 1);

  /* Never over an existing file. */
  g_assert_false (export_container (f, f->running, target, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (tar_file_has (target, "bin/busybox"));

  missing = scratch_path (f, "missing.tar");
  g_assert_false (export_container (f, "berth-test-no-such-container", missing, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_children (f->scratch), ==, 1);
}

/* Inspect ------------------------------------------------------------------------------------- */

static JsonNode *
inspect (Fixture           *f,
         BerthInspectKind   kind,
         const char        *id,
         char             **text,
         GError           **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_inspect_async (f->engine, kind, id, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_inspect_finish (f->engine, result, text, error);
}

static void
assert_inspects (Fixture          *f,
                 BerthInspectKind  kind,
                 const char       *id,
                 const char       *member,
                 const char       *expected)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) node = inspect (f, kind, id, &text, &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_true (json_object_has_member (object, member));
  if (expected != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, member), ==, expected);

  /* The text is the same JSON, indented. */
  g_assert_true (g_str_has_prefix (text, "{\n    \""));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser), node));
}

static void
test_inspect (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *volume = NULL;
  g_autofree char *network = NULL;
  g_autofree char *container_name = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) nothing = NULL;

  if (f->engine == NULL)
    return;

  container_name = g_strconcat ("/", f->running, NULL);
  assert_inspects (f, BERTH_INSPECT_CONTAINER, f->running, "Name", container_name);
  assert_inspects (f, BERTH_INSPECT_IMAGE, berth_test_image (), "RepoTags", NULL);

  volume = berth_test_unique_name ("files-volume");
  g_free (berth_test_docker_ok ("volume", "create", volume, NULL));
  assert_inspects (f, BERTH_INSPECT_VOLUME, volume, "Name", volume);
  g_free (berth_test_docker_ok ("volume", "rm", volume, NULL));

  network = berth_test_unique_name ("files-network");
  g_free (berth_test_docker_ok ("network", "create", network, NULL));
  assert_inspects (f, BERTH_INSPECT_NETWORK, network, "Name", network);
  g_free (berth_test_docker_ok ("network", "rm", network, NULL));

  nothing = inspect (f, BERTH_INSPECT_VOLUME, "berth-test-no-such-volume", NULL, &error);
  g_assert_null (nothing);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

/* Podman's compatible API ------------------------------------------------------------------------ */

static void
test_podman (void)
{
  const char *host = g_getenv ("BERTH_TEST_PODMAN_HOST");
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) removed = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *delete_path = NULL;
  g_autoptr (GPtrArray) bin = NULL;
  g_autoptr (BerthFileEntry) sh = NULL;
  g_autoptr (GBytes) passwd = NULL;
  Fixture f = { 0 };
  GAsyncResult *slot = NULL;
  const char *id;

  if (host == NULL || *host == '\0')
    {
      g_test_skip ("no Podman in the test engine (BERTH_TEST_PODMAN_HOST is not set)");
      return;
    }

  endpoint = berth_endpoint_new_for_address (host, &error);
  g_assert_no_error (error);
  f.engine = berth_test_connect_engine (endpoint);

  body = json_from_string ("{\"Image\": \"berth-test/busybox:latest\", \"Cmd\": [\"true\"]}", &error);
  g_assert_no_error (error);
  message = berth_engine_new_message (f.engine, SOUP_METHOD_POST, "/containers/create");
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (f.engine, message, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  created = berth_engine_send_json_finish (f.engine, result, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (json_node_get_object (created), "Id");

  bin = list_folder (&f, id, "/bin", BERTH_ARCHIVE_LIST_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  assert_bin (bin);
  sh = stat_path (&f, id, "/bin/sh", &error);
  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (sh), ==, BERTH_FILE_KIND_SYMLINK);
  passwd = read_file (&f, id, "/etc/passwd", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (passwd), >, 5);
  g_assert_cmpmem (g_bytes_get_data (passwd, NULL), 5, "root:", 5);

  delete_path = g_strdup_printf ("/containers/%s?force=1", id);
  g_clear_object (&message);
  g_clear_object (&result);
  message = berth_engine_new_message (f.engine, SOUP_METHOD_DELETE, delete_path);
  berth_engine_send_json_async (f.engine, message, NULL, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  removed = berth_engine_send_json_finish (f.engine, result, &error);
  g_assert_no_error (error);
  g_clear_object (&f.engine);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/files/list/running", test_list_running);
  ADD ("/files/list/stopped", test_list_stopped);
  ADD ("/files/list/image", test_list_image);
  ADD ("/files/list/errors", test_list_errors);
  ADD ("/files/stat", test_stat);
  ADD ("/files/download/file", test_download_file);
  ADD ("/files/download/folder", test_download_folder);
  ADD ("/files/download/errors", test_download_errors);
  ADD ("/files/download/cancel", test_download_cancel);
  ADD ("/files/read", test_read_file);
  ADD ("/files/upload", test_upload);
  ADD ("/files/upload/overwrite", test_upload_overwrite);
  ADD ("/files/commit", test_commit);
  ADD ("/files/rename", test_rename);
  ADD ("/files/export", test_export);
  ADD ("/files/inspect", test_inspect);
  g_test_add_func ("/files/podman", test_podman);

#undef ADD

  return g_test_run ();
}
