/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "berth-archive.h"
#include "berth-container-ops.h"
#include "berth-engine-error.h"
#include "berth-inspect.h"
#include "berth-test-util.h"

/* Pure parts of the files layer: path stat headers as the test engine sent
 * them, container paths, the docker cp specs, the exec listing, and the
 * tar readers, above all that extraction never writes outside its folder. */

/* Recorded from the test engine (docker 20.10, berth-test/busybox). */
#define STAT_BIN     "eyJuYW1lIjoiYmluIiwic2l6ZSI6NDA5NiwibW9kZSI6MjE0NzQ4NDE0MSwibXRpbWUiOiIyMDI2LTExLTI5VDEzOjQ1OjE5WiIsImxpbmtUYXJnZXQiOiIifQ=="
#define STAT_PASSWD  "eyJuYW1lIjoicGFzc3dkIiwic2l6ZSI6NzUsIm1vZGUiOjQyMCwibXRpbWUiOiIyMDI2LTExLTI5VDEzOjQ1OjE5WiIsImxpbmtUYXJnZXQiOiIifQ=="
#define STAT_SH      "eyJuYW1lIjoic2giLCJzaXplIjoxMiwibW9kZSI6MTM0MjE4MjM5LCJtdGltZSI6IjIwMjYtMTEtMjlUMTM6NDU6MTlaIiwibGlua1RhcmdldCI6Ii9iaW4vYnVzeWJveCJ9"
#define STAT_ROOT    "eyJuYW1lIjoiLyIsInNpemUiOjQwOTYsIm1vZGUiOjIxNDc0ODQxNDEsIm10aW1lIjoiMjAyNi0xMS0yOVQxMzo0NjozOS41NjYyMTA3ODhaIiwibGlua1RhcmdldCI6IiJ9"
#define STAT_BUSYBOX "eyJuYW1lIjoiYnVzeWJveCIsInNpemUiOjE5ODIyNTYsIm1vZGUiOjQ5MywibXRpbWUiOiIyMDI2LTExLTI5VDEzOjQ1OjE4WiIsImxpbmtUYXJnZXQiOiIifQ=="
/* Podman 4.3 names the resolved path even for things that are not links. */
#define STAT_PODMAN_PASSWD "eyJuYW1lIjoicGFzc3dkIiwic2l6ZSI6NzUsIm1vZGUiOjQyMCwibXRpbWUiOiIyMDI2LTExLTI5VDEzOjQ1OjE5WiIsImlzRGlyIjpmYWxzZSwibGlua1RhcmdldCI6Ii9ldGMvcGFzc3dkIn0="

#define MTIME_2026_11_29_13_45_19 G_GINT64_CONSTANT (1795959919)

static void
test_stat_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthFileEntry) entry = berth_archive_decode_path_stat ("/bin/", STAT_BIN, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (berth_file_entry_get_name (entry), ==, "bin");
  g_assert_cmpstr (berth_file_entry_get_path (entry), ==, "/bin");
  g_assert_cmpint (berth_file_entry_get_kind (entry), ==, BERTH_FILE_KIND_DIRECTORY);
  g_assert_cmpuint (berth_file_entry_get_mode (entry), ==, S_IFDIR | 0755);
  g_assert_cmpstr (berth_file_entry_get_mode_string (entry), ==, "drwxr-xr-x");
  g_assert_cmpuint (berth_file_entry_get_size (entry), ==, 0);
  g_assert_cmpint (berth_file_entry_get_mtime (entry), ==, MTIME_2026_11_29_13_45_19);
  g_assert_null (berth_file_entry_get_link_target (entry));
  /* A path stat says nothing about owners. */
  g_assert_cmpint (berth_file_entry_get_uid (entry), ==, -1);
  g_assert_null (berth_file_entry_get_user (entry));
}

static void
test_stat_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthFileEntry) passwd = berth_archive_decode_path_stat ("/etc/passwd", STAT_PASSWD, &error);
  g_autoptr (BerthFileEntry) busybox = NULL;
  g_autoptr (BerthFileEntry) podman = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (passwd), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (passwd), ==, 75);
  g_assert_cmpstr (berth_file_entry_get_mode_string (passwd), ==, "-rw-r--r--");

  busybox = berth_archive_decode_path_stat ("/bin/busybox", STAT_BUSYBOX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (berth_file_entry_get_size (busybox), ==, 1982256);
  g_assert_cmpstr (berth_file_entry_get_mode_string (busybox), ==, "-rwxr-xr-x");
  g_assert_cmpint (berth_file_entry_get_mtime (busybox), ==, MTIME_2026_11_29_13_45_19 - 1);

  podman = berth_archive_decode_path_stat ("/etc/passwd", STAT_PODMAN_PASSWD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (podman), ==, BERTH_FILE_KIND_FILE);
  g_assert_null (berth_file_entry_get_link_target (podman));
}

static void
test_stat_symlink_and_root (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthFileEntry) sh = berth_archive_decode_path_stat ("/bin/sh", STAT_SH, &error);
  g_autoptr (BerthFileEntry) root = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (berth_file_entry_get_kind (sh), ==, BERTH_FILE_KIND_SYMLINK);
  g_assert_cmpstr (berth_file_entry_get_mode_string (sh), ==, "lrwxrwxrwx");
  g_assert_cmpstr (berth_file_entry_get_link_target (sh), ==, "/bin/busybox");
  g_assert_cmpuint (berth_file_entry_get_size (sh), ==, 12);

  root = berth_archive_decode_path_stat ("/", STAT_ROOT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_file_entry_get_name (root), ==, "/");
  g_assert_cmpstr (berth_file_entry_get_path (root), ==, "/");
  g_assert_cmpint (berth_file_entry_get_kind (root), ==, BERTH_FILE_KIND_DIRECTORY);
}

static BerthFileEntry *
decode_mode (guint64 go_mode)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"name\":\"x\",\"size\":0,\"mode\":%" G_GUINT64_FORMAT
                                           ",\"mtime\":\"2024-01-01T00:00:00Z\",\"linkTarget\":\"\"}",
                                           go_mode);
  g_autofree char *header = g_base64_encode ((const guchar *) json, strlen (json));
  BerthFileEntry *entry = berth_archive_decode_path_stat ("/x", header, &error);

  g_assert_no_error (error);
  return entry;
}

static void
test_stat_go_mode_bits (void)
{
  const struct
  {
    guint64        go;
    BerthFileKind  kind;
    const char    *string;
  } cases[] = {
    { (1u << 31) | (1u << 20) | 0777, BERTH_FILE_KIND_DIRECTORY, "drwxrwxrwt" },      /* /tmp */
    { (1u << 26) | (1u << 21) | 0666, BERTH_FILE_KIND_OTHER, "crw-rw-rw-" },          /* /dev/null */
    { (1u << 26) | 0660, BERTH_FILE_KIND_OTHER, "brw-rw----" },                       /* a disk */
    { (1u << 25) | 0644, BERTH_FILE_KIND_OTHER, "prw-r--r--" },
    { (1u << 24) | 0755, BERTH_FILE_KIND_OTHER, "srwxr-xr-x" },
    { (1u << 23) | 0755, BERTH_FILE_KIND_FILE, "-rwsr-xr-x" },                        /* su */
    { (1u << 22) | 0745, BERTH_FILE_KIND_FILE, "-rwxr-Sr-x" },
    { (1u << 19) | 0600, BERTH_FILE_KIND_OTHER, "?rw-------" },
    { 0, BERTH_FILE_KIND_FILE, "----------" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (BerthFileEntry) entry = decode_mode (cases[i].go);

      g_assert_cmpint (berth_file_entry_get_kind (entry), ==, cases[i].kind);
      g_assert_cmpstr (berth_file_entry_get_mode_string (entry), ==, cases[i].string);
    }
}

static void
test_stat_invalid (void)
{
  const char *bad[] = {
    "",
    "not base64 at all!",
    "bm90IGpzb24=",                              /* "not json" */
    "WzEsMiwzXQ==",                              /* [1,2,3] */
    "eyJuYW1lIjoieCJ9",                          /* {"name":"x"}: no mode */
    "eyJuYW1lIjoieCIsIm1vZGUiOiJyd3giLCJzaXplIjoxfQ==",  /* "mode":"rwx" */
    "eyJuYW1lIjoieCIsIm1vZGUiOi0xfQ==",          /* "mode":-1 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (BerthFileEntry) entry = berth_archive_decode_path_stat ("/x", bad[i], &error);

      g_assert_null (entry);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
    }
}

static void
test_mode_string (void)
{
  g_autofree char *dir = berth_archive_mode_to_string (S_IFDIR | 0750);
  g_autofree char *sticky = berth_archive_mode_to_string (S_IFDIR | S_ISVTX | 0770);
  g_autofree char *setgid = berth_archive_mode_to_string (S_IFREG | S_ISGID | 0755);

  g_assert_cmpstr (dir, ==, "drwxr-x---");
  g_assert_cmpstr (sticky, ==, "drwxrwx--T");
  g_assert_cmpstr (setgid, ==, "-rwxr-sr-x");
}

/* Paths ----------------------------------------------------------------------- */

static void
test_path_normalize (void)
{
  const char *cases[][2] = {
    { "", "/" },
    { "/", "/" },
    { "//", "/" },
    { "/usr//bin/", "/usr/bin" },
    { "usr/bin", "/usr/bin" },
    { "/a/./b/.", "/a/b" },
    { "/a/../b", "/b" },
    { "/../..", "/" },
    { "/a/b/../../..", "/" },
    { "../../etc/passwd", "/etc/passwd" },
    { "/a/b/../c/./d/..", "/a/c" },
    { "/with space/x", "/with space/x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = berth_archive_path_normalize (cases[i][0]);

      g_assert_cmpstr (normal, ==, cases[i][1]);
    }

  {
    g_autofree char *null_path = berth_archive_path_normalize (NULL);

    g_assert_cmpstr (null_path, ==, "/");
  }
}

static void
test_path_parent_basename_join (void)
{
  g_autofree char *p1 = berth_archive_path_parent ("/usr/bin");
  g_autofree char *p2 = berth_archive_path_parent ("/usr");
  g_autofree char *p3 = berth_archive_path_parent ("/");
  g_autofree char *p4 = berth_archive_path_parent ("/usr/bin/../lib/");
  g_autofree char *b1 = berth_archive_path_basename ("/usr/bin/");
  g_autofree char *b2 = berth_archive_path_basename ("/");
  g_autofree char *j1 = berth_archive_path_join ("/", "etc");
  g_autofree char *j2 = berth_archive_path_join ("/usr/", "bin");
  g_autofree char *j3 = berth_archive_path_join ("/usr", "../../..");

  g_assert_cmpstr (p1, ==, "/usr");
  g_assert_cmpstr (p2, ==, "/");
  g_assert_cmpstr (p3, ==, "/");
  g_assert_cmpstr (p4, ==, "/usr");
  g_assert_cmpstr (b1, ==, "bin");
  g_assert_cmpstr (b2, ==, "/");
  g_assert_cmpstr (j1, ==, "/etc");
  g_assert_cmpstr (j2, ==, "/usr/bin");
  g_assert_cmpstr (j3, ==, "/");
}

static void
test_path_breadcrumbs (void)
{
  g_autoptr (GPtrArray) crumbs = berth_archive_path_breadcrumbs ("/usr//local/./bin/");
  g_autoptr (GPtrArray) root = berth_archive_path_breadcrumbs ("/..");
  const char *labels[] = { "/", "usr", "local", "bin" };
  const char *paths[] = { "/", "/usr", "/usr/local", "/usr/local/bin" };

  g_assert_cmpuint (crumbs->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < crumbs->len; i++)
    {
      BerthPathCrumb *crumb = g_ptr_array_index (crumbs, i);

      g_assert_cmpstr (crumb->label, ==, labels[i]);
      g_assert_cmpstr (crumb->path, ==, paths[i]);
    }

  g_assert_cmpuint (root->len, ==, 1);
  g_assert_cmpstr (((BerthPathCrumb *) g_ptr_array_index (root, 0))->path, ==, "/");
}

/* Specs --------------------------------------------------------------------------- */

static void
test_download_spec (void)
{
  g_autoptr (BerthDownloadSpec) spec = berth_download_spec_new ("4f2a", "web", "/etc//", "/home/me/my etc");
  g_autoptr (BerthDownloadSpec) relative = berth_download_spec_new ("4f2a", NULL, "/etc", "etc");
  g_autoptr (GError) error = NULL;
  g_autofree char *command = berth_download_spec_to_command (spec);
  g_autofree char *request = berth_download_spec_to_request (spec);
  g_auto (GStrv) argv = berth_download_spec_to_argv (spec);

  g_assert_cmpstr (command, ==, "docker cp web:/etc '/home/me/my etc'");
  g_assert_cmpstr (argv[2], ==, "web:/etc");
  g_assert_cmpstr (request, ==, "/containers/4f2a/archive?path=%2Fetc");
  g_assert_true (berth_download_spec_validate (spec, &error));
  g_assert_no_error (error);

  g_assert_false (berth_download_spec_validate (relative, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_upload_spec (void)
{
  const char *sources[] = { "/home/me/a.txt", "/home/me/site files", NULL };
  const char *twins[] = { "/a/x", "/b/x", NULL };
  const char *root[] = { "/", NULL };
  g_autoptr (BerthUploadSpec) spec = berth_upload_spec_new ("4f2a", "web", sources, "/tmp/");
  g_autoptr (BerthUploadSpec) to_root = berth_upload_spec_new ("4f2a", NULL, sources, "/");
  g_autoptr (BerthUploadSpec) bad = berth_upload_spec_new ("4f2a", "web", twins, "/tmp");
  g_autoptr (BerthUploadSpec) bad_root = berth_upload_spec_new ("4f2a", "web", root, "/tmp");
  g_autoptr (BerthUploadSpec) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *command = berth_upload_spec_to_command (spec);
  g_autofree char *request = berth_upload_spec_to_request (spec);
  g_auto (GStrv) argv = berth_upload_spec_to_argv (to_root, 0);

  g_assert_cmpstr (command, ==,
                   "docker cp /home/me/a.txt web:/tmp/ && docker cp '/home/me/site files' web:/tmp/");
  g_assert_cmpstr (request, ==, "/containers/4f2a/archive?path=%2Ftmp&noOverwriteDirNonDir=true");
  g_assert_cmpstr (argv[3], ==, "4f2a:/");
  g_assert_true (berth_upload_spec_validate (spec, &error));
  g_assert_no_error (error);

  spec->overwrite = TRUE;
  copy = berth_upload_spec_copy (spec);
  g_assert_true (copy->overwrite);
  g_assert_cmpstr (copy->sources[1], ==, "/home/me/site files");

  g_assert_false (berth_upload_spec_validate (bad, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“x”"));
  g_clear_error (&error);

  g_assert_false (berth_upload_spec_validate (bad_root, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_commit_spec (void)
{
  g_autoptr (BerthCommitSpec) spec = berth_commit_spec_new ("4f2a", "web");
  g_autoptr (BerthCommitSpec) typed = berth_commit_spec_new ("4f2a", NULL);
  g_autoptr (BerthCommitSpec) bare = berth_commit_spec_new ("4f2a", "web");
  g_autoptr (BerthCommitSpec) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *request = NULL;
  g_autofree char *typed_request = NULL;
  g_autofree char *typed_command = NULL;
  g_autofree char *bare_command = NULL;
  g_autofree char *bare_request = NULL;
  g_autofree char *bad_request = NULL;

  spec->repository = g_strdup ("registry.example.com:5000/team/app");
  spec->tag = g_strdup ("1.0");
  spec->message = g_strdup ("add the config & more");
  spec->author = g_strdup ("Ann <ann@example.com>");
  spec->pause = FALSE;

  command = berth_commit_spec_to_command (spec);
  g_assert_cmpstr (command, ==,
                   "docker commit -a 'Ann <ann@example.com>' -m 'add the config & more' --pause=false "
                   "web registry.example.com:5000/team/app:1.0");
  request = berth_commit_spec_build_request (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request, ==,
                   "/commit?container=4f2a&repo=registry.example.com%3A5000%2Fteam%2Fapp&tag=1.0"
                   "&comment=add%20the%20config%20%26%20more&author=Ann%20%3Cann%40example.com%3E&pause=false");

  copy = berth_commit_spec_copy (spec);
  g_assert_false (copy->pause);
  g_assert_cmpstr (copy->author, ==, spec->author);

  /* "app:2" typed as the repository is read as a repository and a tag. */
  typed->repository = g_strdup ("app:2");
  typed_request = berth_commit_spec_build_request (typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (typed_request, ==, "/commit?container=4f2a&repo=app&tag=2&pause=true");
  typed_command = berth_commit_spec_to_command (typed);
  g_assert_cmpstr (typed_command, ==, "docker commit 4f2a app:2");

  /* No name at all makes an untagged image. */
  bare_request = berth_commit_spec_build_request (bare, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bare_request, ==, "/commit?container=4f2a&pause=true");
  bare_command = berth_commit_spec_to_command (bare);
  g_assert_cmpstr (bare_command, ==, "docker commit web");

  bare->tag = g_strdup ("1.0");
  g_assert_false (berth_commit_spec_validate (bare, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_free (bare->tag);
  bare->tag = NULL;
  bare->repository = g_strdup ("Upper/Case");
  bad_request = berth_commit_spec_build_request (bare, &error);
  g_assert_null (bad_request);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_rename_spec (void)
{
  g_autoptr (BerthRenameSpec) spec = berth_rename_spec_new ("4f2a", "web", "api.v2_b-1");
  g_autoptr (GError) error = NULL;
  g_autofree char *command = berth_rename_spec_to_command (spec);
  g_autofree char *request = berth_rename_spec_build_request (spec, &error);
  const char *bad[] = { "", "-web", ".web", "we b", "web/1", "wéb", "web" };

  g_assert_no_error (error);
  g_assert_cmpstr (command, ==, "docker rename web api.v2_b-1");
  g_assert_cmpstr (request, ==, "/containers/4f2a/rename?name=api.v2_b-1");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (BerthRenameSpec) wrong = berth_rename_spec_new ("4f2a", "web", bad[i]);

      g_assert_false (berth_rename_spec_validate (wrong, &error));
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
}

static void
test_export_spec (void)
{
  g_autoptr (BerthExportSpec) spec = berth_export_spec_new ("4f2a", "web", "/home/me/web backup.tar");
  g_autoptr (BerthExportSpec) relative = berth_export_spec_new ("4f2a", "web", "web.tar");
  g_autoptr (GError) error = NULL;
  g_autofree char *command = berth_export_spec_to_command (spec);
  g_autofree char *request = berth_export_spec_build_request (spec, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (command, ==, "docker export -o '/home/me/web backup.tar' web");
  g_assert_cmpstr (request, ==, "/containers/4f2a/export");
  g_assert_false (berth_export_spec_validate (relative, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_inspect_text (void)
{
  const char *json = "{\"Id\":\"abc\",\"Args\":[],\"Config\":{\"Env\":[\"A=1\",\"B=\\\"q\\\"\\n\"],"
                     "\"Labels\":{}},\"Size\":-12,\"Ratio\":0.5,\"On\":true,\"Gone\":null}";
  const char *expected =
    "{\n"
    "    \"Id\": \"abc\",\n"
    "    \"Args\": [],\n"
    "    \"Config\": {\n"
    "        \"Env\": [\n"
    "            \"A=1\",\n"
    "            \"B=\\\"q\\\"\\n\"\n"
    "        ],\n"
    "        \"Labels\": {}\n"
    "    },\n"
    "    \"Size\": -12,\n"
    "    \"Ratio\": 0.5,\n"
    "    \"On\": true,\n"
    "    \"Gone\": null\n"
    "}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);
  g_autofree char *text = NULL;
  g_autofree char *path = berth_inspect_build_path (BERTH_INSPECT_IMAGE, "registry:5000/app:1");
  g_autofree char *network = berth_inspect_build_path (BERTH_INSPECT_NETWORK, "my net");
  g_autofree char *command = berth_inspect_to_command (BERTH_INSPECT_VOLUME, "my data");

  g_assert_no_error (error);
  text = berth_inspect_to_text (node);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (path, ==, "/images/registry:5000/app:1/json");
  g_assert_cmpstr (network, ==, "/networks/my%20net");
  g_assert_cmpstr (command, ==, "docker volume inspect 'my data'");
}

/* The exec listing --------------------------------------------------------------------- */

static GPtrArray *
parse (const char *output)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = berth_archive_parse_listing ("/bin", output, strlen (output), &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
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

static void
test_listing_busybox (void)
{
  /* As busybox stat prints it. */
  g_autoptr (GPtrArray) entries = parse (
    "a1ff|12|0|0|1795959919|root|root|sh\n"
    "81ed|1982256|0|0|1795959918|root|root|busybox\n"
    "41ed|4096|1000|1000|1795959920|UNKNOWN|UNKNOWN|with | bar\n"
    "//\n"
    "'sh' -> '/bin/busybox'\n"
    "'busybox'\n"
    "'with | bar'\n"
    "//end\n");
  BerthFileEntry *sh, *busybox, *odd;

  g_assert_cmpuint (entries->len, ==, 3);
  sh = find_entry (entries, "sh");
  busybox = find_entry (entries, "busybox");
  odd = find_entry (entries, "with | bar");
  g_assert_nonnull (sh);
  g_assert_nonnull (busybox);
  g_assert_nonnull (odd);

  g_assert_cmpint (berth_file_entry_get_kind (sh), ==, BERTH_FILE_KIND_SYMLINK);
  g_assert_cmpstr (berth_file_entry_get_link_target (sh), ==, "/bin/busybox");
  g_assert_cmpstr (berth_file_entry_get_path (sh), ==, "/bin/sh");
  g_assert_cmpint (berth_file_entry_get_kind (busybox), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (busybox), ==, 1982256);
  g_assert_cmpstr (berth_file_entry_get_mode_string (busybox), ==, "-rwxr-xr-x");
  g_assert_cmpstr (berth_file_entry_get_user (busybox), ==, "root");
  g_assert_cmpint (berth_file_entry_get_uid (busybox), ==, 0);
  g_assert_cmpint (berth_file_entry_get_mtime (busybox), ==, 1795959918);
  g_assert_cmpint (berth_file_entry_get_kind (odd), ==, BERTH_FILE_KIND_DIRECTORY);
  g_assert_cmpint (berth_file_entry_get_gid (odd), ==, 1000);
  g_assert_null (berth_file_entry_get_user (odd));
  g_assert_null (berth_file_entry_get_group (odd));
}

static void
test_listing_coreutils (void)
{
  /* As GNU stat prints it with QUOTING_STYLE=literal. */
  g_autoptr (GPtrArray) entries = parse (
    "a1ff|7|0|0|1700000000|root|root|python3\n"
    "a1ff|17|0|0|1700000000|root|root|it's -> odd\n"
    "//\n"
    "python3 -> python3.11\n"
    "it's -> odd -> ../lib/x y\n"
    "//end\n");

  g_assert_cmpstr (berth_file_entry_get_link_target (find_entry (entries, "python3")), ==, "python3.11");
  g_assert_cmpstr (berth_file_entry_get_link_target (find_entry (entries, "it's -> odd")), ==, "../lib/x y");
}

static void
test_listing_recorded (void)
{
  /* What the listing script printed for the same folder under busybox 1.35
   * sh and stat, then dash and coreutils 9.1 (QUOTING_STYLE=literal). */
  static const char busybox[] =
    "81a4|3|0|0|1795960780|root|root|a\n"
    "a1ff|15|0|0|1795960780|root|root|l n\n"
    "a1ff|1|0|0|1795960780|root|root|rel\n"
    "41ed|4096|0|0|1795960780|root|root|sub\n"
    "81a4|0|0|0|1795960780|root|root|with space\n"
    "81a4|0|0|0|1795960780|root|root|x|y\n"
    "81a4|0|0|0|1795960780|root|root|.hidden\n"
    "81a4|0|0|0|1795960780|root|root|..dots\n"
    "//\n"
    "a\n"
    "'l n' -> '/etc/with space'\n"
    "'rel' -> 'a'\n"
    "sub\n"
    "with space\n"
    "x|y\n"
    ".hidden\n"
    "..dots\n"
    "//end\n";
  static const char coreutils[] =
    "81a4|3|0|0|1795960780|root|root|a\n"
    "a1ff|15|0|0|1795960780|root|root|l n\n"
    "a1ff|1|0|0|1795960780|root|root|rel\n"
    "41ed|4096|0|0|1795960780|root|root|sub\n"
    "81a4|0|0|0|1795960780|root|root|with space\n"
    "81a4|0|0|0|1795960780|root|root|x|y\n"
    "81a4|0|0|0|1795960780|root|root|.hidden\n"
    "81a4|0|0|0|1795960780|root|root|..dots\n"
    "//\n"
    "a\n"
    "l n -> /etc/with space\n"
    "rel -> a\n"
    "sub\n"
    "with space\n"
    "x|y\n"
    ".hidden\n"
    "..dots\n"
    "//end\n";
  const char *outputs[] = { busybox, coreutils };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autoptr (GPtrArray) entries = parse (outputs[i]);

      g_assert_cmpuint (entries->len, ==, 8);
      g_assert_cmpstr (berth_file_entry_get_link_target (find_entry (entries, "l n")), ==, "/etc/with space");
      g_assert_cmpstr (berth_file_entry_get_link_target (find_entry (entries, "rel")), ==, "a");
      g_assert_null (berth_file_entry_get_link_target (find_entry (entries, "a")));
      g_assert_cmpint (berth_file_entry_get_kind (find_entry (entries, "sub")), ==, BERTH_FILE_KIND_DIRECTORY);
      g_assert_nonnull (find_entry (entries, "x|y"));
      g_assert_nonnull (find_entry (entries, "..dots"));
    }
}

static void
test_listing_empty_and_broken (void)
{
  g_autoptr (GPtrArray) empty = parse ("//\n//end\n");
  const char *broken[] = {
    "",                                                         /* no stat at all */
    "81ed|1|0|0|1|root|root|a\n//\n",                           /* cut short */
    "81ed|1|0|0|1|root|root|a\n//\na\nb\n//end\n",              /* counts differ */
    "81ed|1|0|0|root|root|a\n//\na\n//end\n",                   /* a field missing */
    "zzzz|1|0|0|1|root|root|a\n//\na\n//end\n",                 /* not a mode */
    "81ed|1|0|0|1|root|root|new\n81ed|1|0|0|1|root|root|line\n//\nnew\nline\n//end\n" /* fine */,
    "81ed|1|0|0|1|root|root|a/b\n//\na/b\n//end\n",             /* not a name */
  };

  g_assert_cmpuint (empty->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) entries = berth_archive_parse_listing ("/x", broken[i], strlen (broken[i]), &error);

      if (i == 5)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (entries->len, ==, 2);
          continue;
        }
      g_assert_null (entries);
      g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
    }
}

/* Tar ------------------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  guint       type;       /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR; 0 = hard link */
  const char *data;       /* contents, or link target */
  guint       perm;
} TarItem;

static la_ssize_t
tar_append_cb (struct archive *archive,
               void           *user_data,
               const void     *buffer,
               size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static GBytes *
build_tar (const TarItem *items,
           guint          n_items)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *archive = archive_write_new ();

  archive_write_set_format_pax_restricted (archive);
  g_assert_cmpint (archive_write_open2 (archive, out, NULL, tar_append_cb, NULL, NULL), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_items; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize size = 0;

      archive_entry_copy_pathname (entry, items[i].name);
      archive_entry_set_mtime (entry, 1700000000, 0);
      archive_entry_set_uid (entry, 1000);
      archive_entry_set_gid (entry, 100);
      archive_entry_copy_uname (entry, "ann");
      if (items[i].type == 0)
        {
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_copy_hardlink (entry, items[i].data);
        }
      else
        archive_entry_set_filetype (entry, items[i].type);
      archive_entry_set_perm (entry, items[i].perm ? items[i].perm : 0644);
      if (items[i].type == AE_IFLNK)
        archive_entry_copy_symlink (entry, items[i].data);
      else if (items[i].type == AE_IFREG && items[i].data != NULL)
        size = strlen (items[i].data);
      archive_entry_set_size (entry, size);

      g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
      if (size > 0)
        g_assert_cmpint (archive_write_data (archive, items[i].data, size), ==, (la_ssize_t) size);
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  return g_byte_array_free_to_bytes (out);
}

static void
test_list_tar (void)
{
  const TarItem items[] = {
    { "bin/", AE_IFDIR, NULL, 0755 },
    { "bin/busybox", AE_IFREG, "#!binary", 0755 },
    { "bin/ls", 0, "bin/busybox", 0755 },
    { "bin/sh", AE_IFLNK, "/bin/busybox", 0777 },
    { "bin/sub/", AE_IFDIR, NULL, 0700 },
    { "bin/sub/deep", AE_IFREG, "deep", 0 },
    { "bin/lost/child", AE_IFREG, "no folder entry before me", 0 },
    { "bin/null", AE_IFCHR, NULL, 0666 },
    { "elsewhere", AE_IFREG, "not under the root", 0 },
  };
  g_autoptr (GBytes) tar = build_tar (items, G_N_ELEMENTS (items));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = berth_archive_list_tar (tar, "/bin", &error);
  BerthFileEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);

  entry = find_entry (entries, "busybox");
  g_assert_cmpint (berth_file_entry_get_kind (entry), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (entry), ==, 8);
  g_assert_cmpstr (berth_file_entry_get_user (entry), ==, "ann");
  g_assert_cmpint (berth_file_entry_get_uid (entry), ==, 1000);
  g_assert_cmpint (berth_file_entry_get_mtime (entry), ==, 1700000000);

  /* A hard link is a file, as big as its target. */
  entry = find_entry (entries, "ls");
  g_assert_cmpint (berth_file_entry_get_kind (entry), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (entry), ==, 8);

  entry = find_entry (entries, "sh");
  g_assert_cmpint (berth_file_entry_get_kind (entry), ==, BERTH_FILE_KIND_SYMLINK);
  g_assert_cmpstr (berth_file_entry_get_link_target (entry), ==, "/bin/busybox");
  g_assert_cmpstr (berth_file_entry_get_path (entry), ==, "/bin/sh");

  g_assert_cmpstr (berth_file_entry_get_mode_string (find_entry (entries, "sub")), ==, "drwx------");
  g_assert_cmpint (berth_file_entry_get_kind (find_entry (entries, "lost")), ==, BERTH_FILE_KIND_DIRECTORY);
  g_assert_cmpint (berth_file_entry_get_kind (find_entry (entries, "null")), ==, BERTH_FILE_KIND_OTHER);
  g_assert_null (find_entry (entries, "deep"));
  g_assert_null (find_entry (entries, "elsewhere"));
}

static void
test_list_tar_layouts (void)
{
  /* GET …?path=/ gives absolute names under "/"; …?path=/etc/. gives "./". */
  const TarItem root_items[] = {
    { "/", AE_IFDIR, NULL, 0755 },
    { "/.dockerenv", AE_IFREG, NULL, 0755 },
    { "/bin/", AE_IFDIR, NULL, 0755 },
    { "/bin/busybox", AE_IFREG, "x", 0755 },
    { "/etc/", AE_IFDIR, NULL, 0755 },
  };
  const TarItem dot_items[] = {
    { "./", AE_IFDIR, NULL, 0755 },
    { "./group", AE_IFREG, "root:x:0:", 0 },
    { "./mtab", AE_IFLNK, "/proc/mounts", 0777 },
  };
  g_autoptr (GBytes) root_tar = build_tar (root_items, G_N_ELEMENTS (root_items));
  g_autoptr (GBytes) dot_tar = build_tar (dot_items, G_N_ELEMENTS (dot_items));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) root = berth_archive_list_tar (root_tar, "/", &error);
  g_autoptr (GPtrArray) dot = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (root->len, ==, 3);
  g_assert_cmpstr (berth_file_entry_get_path (find_entry (root, "bin")), ==, "/bin");
  g_assert_nonnull (find_entry (root, ".dockerenv"));

  dot = berth_archive_list_tar (dot_tar, "/etc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dot->len, ==, 2);
  g_assert_cmpstr (berth_file_entry_get_path (find_entry (dot, "mtab")), ==, "/etc/mtab");
}

static void
test_list_tar_damaged (void)
{
  const TarItem items[] = {
    { "bin/", AE_IFDIR, NULL, 0755 },
    { "bin/busybox", AE_IFREG, "0123456789", 0755 },
  };
  g_autoptr (GBytes) tar = build_tar (items, G_N_ELEMENTS (items));
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (tar, 0, 700);
  g_autoptr (GBytes) junk = g_bytes_new_static ("this is not a tar archive at all", 32);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = berth_archive_list_tar (cut, "/bin", &error);

  g_assert_null (entries);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_clear_error (&error);

  entries = berth_archive_list_tar (junk, "/bin", &error);
  g_assert_null (entries);
  g_assert_nonnull (error);
}

static void
test_read_tar (void)
{
  const TarItem file[] = { { "passwd", AE_IFREG, "root:x:0:0:root:/root:/bin/sh\n", 0 } };
  const TarItem folder[] = { { "etc/", AE_IFDIR, NULL, 0755 } };
  g_autoptr (GBytes) file_tar = build_tar (file, 1);
  g_autoptr (GBytes) folder_tar = build_tar (folder, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) contents = berth_archive_read_tar (file_tar, 1024, &error);
  g_autoptr (GBytes) too_big = NULL;
  g_autoptr (GBytes) not_file = NULL;

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                   file[0].data, strlen (file[0].data));
  g_assert_true (berth_archive_bytes_look_like_text (contents));

  too_big = berth_archive_read_tar (file_tar, 10, &error);
  g_assert_null (too_big);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  not_file = berth_archive_read_tar (folder_tar, 1024, &error);
  g_assert_null (not_file);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT);
}

static void
test_looks_like_text (void)
{
  g_autoptr (GBytes) text = g_bytes_new_static ("héllo\n", 7);
  g_autoptr (GBytes) nul = g_bytes_new_static ("a\0b", 3);
  g_autoptr (GBytes) latin1 = g_bytes_new_static ("caf\xe9", 4);

  g_assert_true (berth_archive_bytes_look_like_text (text));
  g_assert_false (berth_archive_bytes_look_like_text (nul));
  g_assert_false (berth_archive_bytes_look_like_text (latin1));
}

/* Safe extraction --------------------------------------------------------------------------- */

typedef struct
{
  char *base;        /* a scratch folder */
  char *downloads;   /* base/downloads: where downloads go */
  char *outside;     /* base/outside: must stay untouched */
} Scratch;

static void
scratch_setup (Scratch       *scratch,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  scratch->base = g_dir_make_tmp ("berth-archive-XXXXXX", &error);
  g_assert_no_error (error);
  scratch->downloads = g_build_filename (scratch->base, "downloads", NULL);
  scratch->outside = g_build_filename (scratch->base, "outside", NULL);
  g_assert_cmpint (g_mkdir (scratch->downloads, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (scratch->outside, 0755), ==, 0);
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
scratch_teardown (Scratch       *scratch,
                  gconstpointer  data)
{
  remove_all (scratch->base);
  g_free (scratch->base);
  g_free (scratch->downloads);
  g_free (scratch->outside);
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

/* Extraction of @items into downloads/data fails and leaves nothing: no
 * final name, no temporary folder, nothing new outside. */
static void
assert_refused (Scratch       *scratch,
                const TarItem *items,
                guint          n_items)
{
  g_autoptr (GBytes) tar = build_tar (items, n_items);
  g_autofree char *target = g_build_filename (scratch->downloads, "data", NULL);
  g_autoptr (GError) error = NULL;
  guint before = count_children (scratch->base);

  g_assert_false (berth_archive_extract_tar (tar, target, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);

  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpuint (count_children (scratch->downloads), ==, 0);
  g_assert_cmpuint (count_children (scratch->outside), ==, 0);
  g_assert_cmpuint (count_children (scratch->base), ==, before);
}

static void
test_extract_dotdot (Scratch       *scratch,
                     gconstpointer  data)
{
  const TarItem plain[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/ok.txt", AE_IFREG, "fine", 0 },
    { "../evil", AE_IFREG, "escaped", 0 },
  };
  const TarItem hidden[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/../../outside/evil", AE_IFREG, "escaped", 0 },
  };
  const TarItem deep[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/a/b/../../../../outside/evil", AE_IFREG, "escaped", 0 },
  };

  assert_refused (scratch, plain, G_N_ELEMENTS (plain));
  assert_refused (scratch, hidden, G_N_ELEMENTS (hidden));
  assert_refused (scratch, deep, G_N_ELEMENTS (deep));
}

static void
test_extract_absolute (Scratch       *scratch,
                       gconstpointer  data)
{
  g_autofree char *evil = g_build_filename (scratch->outside, "evil", NULL);
  const TarItem items[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "/abs/evil", AE_IFREG, "escaped", 0 },
  };
  const TarItem aimed[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { evil, AE_IFREG, "escaped", 0 },
  };

  assert_refused (scratch, items, G_N_ELEMENTS (items));
  assert_refused (scratch, aimed, G_N_ELEMENTS (aimed));
  g_assert_false (g_file_test ("/abs/evil", G_FILE_TEST_EXISTS));
}

static void
test_extract_symlink_escape (Scratch       *scratch,
                             gconstpointer  data)
{
  g_autofree char *victim = g_build_filename (scratch->base, "victim.txt", NULL);
  g_autofree char *contents = NULL;
  /* Through a link to a folder outside. */
  const TarItem through_absolute[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/link", AE_IFLNK, scratch->outside, 0777 },
    { "data/link/evil", AE_IFREG, "escaped", 0 },
  };
  const TarItem through_relative[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/up", AE_IFLNK, "../../outside", 0777 },
    { "data/up/evil", AE_IFREG, "escaped", 0 },
  };
  /* A link to a file outside, then a file of the same name: the file must
   * replace the link, never be written through it. */
  const TarItem overwrite[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/victim", AE_IFLNK, victim, 0777 },
    { "data/victim", AE_IFREG, "escaped", 0 },
  };
  /* A hard link to a file outside. */
  const TarItem hardlink[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/hard", 0, "../victim.txt", 0 },
  };
  const TarItem hardlink_absolute[] = {
    { "data/", AE_IFDIR, NULL, 0755 },
    { "data/hard", 0, victim, 0 },
  };
  g_autoptr (GBytes) tar = NULL;
  g_autofree char *target = g_build_filename (scratch->downloads, "data", NULL);
  g_autofree char *replaced = g_build_filename (target, "victim", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (victim, "untouched", -1, NULL));

  assert_refused (scratch, through_absolute, G_N_ELEMENTS (through_absolute));
  assert_refused (scratch, through_relative, G_N_ELEMENTS (through_relative));
  assert_refused (scratch, hardlink, G_N_ELEMENTS (hardlink));
  assert_refused (scratch, hardlink_absolute, G_N_ELEMENTS (hardlink_absolute));

  /* Either refused or replaced; the file outside stays as it was. */
  tar = build_tar (overwrite, G_N_ELEMENTS (overwrite));
  if (berth_archive_extract_tar (tar, target, &error))
    {
      g_autofree char *inside = NULL;

      g_assert_false (g_file_test (replaced, G_FILE_TEST_IS_SYMLINK));
      g_assert_true (g_file_get_contents (replaced, &inside, NULL, NULL));
      g_assert_cmpstr (inside, ==, "escaped");
    }
  else
    g_assert_nonnull (error);

  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "untouched");
  g_assert_cmpuint (count_children (scratch->outside), ==, 0);
}

static void
test_extract_folder (Scratch       *scratch,
                     gconstpointer  data)
{
  const TarItem items[] = {
    { "etc/", AE_IFDIR, NULL, 0755 },
    { "etc/hostname", AE_IFREG, "web\n", 0644 },
    { "etc/secret", AE_IFREG, "s3cret", 04600 },
    { "etc/mtab", AE_IFLNK, "/proc/mounts", 0777 },
    { "etc/ssl/", AE_IFDIR, NULL, 0500 },
    { "etc/ssl/cert.pem", AE_IFREG, "PEM", 0444 },
    { "etc/ssl/same.pem", 0, "etc/ssl/cert.pem", 0444 },
    { "etc/null", AE_IFCHR, NULL, 0666 },
  };
  g_autoptr (GBytes) tar = build_tar (items, G_N_ELEMENTS (items));
  g_autofree char *target = g_build_filename (scratch->downloads, "my etc", NULL);
  g_autofree char *hostname = g_build_filename (target, "hostname", NULL);
  g_autofree char *secret = g_build_filename (target, "secret", NULL);
  g_autofree char *mtab = g_build_filename (target, "mtab", NULL);
  g_autofree char *ssl = g_build_filename (target, "ssl", NULL);
  g_autofree char *cert = g_build_filename (ssl, "cert.pem", NULL);
  g_autofree char *same = g_build_filename (ssl, "same.pem", NULL);
  g_autofree char *null = g_build_filename (target, "null", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;

  g_assert_true (berth_archive_extract_tar (tar, target, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (hostname, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "web\n");
  g_assert_cmpint (g_stat (secret, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);  /* set-id bits dropped */
  g_assert_cmpint (g_stat (ssl, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);   /* the owner may go in */
  g_assert_cmpint (g_stat (same, &st), ==, 0);
  g_assert_cmpuint (st.st_nlink, ==, 2);
  g_assert_true (g_file_test (cert, G_FILE_TEST_IS_REGULAR));
  link = g_file_read_link (mtab, NULL);
  g_assert_cmpstr (link, ==, "/proc/mounts");
  g_assert_false (g_file_test (null, G_FILE_TEST_EXISTS));  /* device nodes are skipped */

  /* Only the result, no temporary folder. */
  g_assert_cmpuint (count_children (scratch->downloads), ==, 1);
}

static void
test_extract_file_and_root (Scratch       *scratch,
                            gconstpointer  data)
{
  const TarItem file[] = { { "passwd", AE_IFREG, "root:x:0:0\n", 0644 } };
  const TarItem root[] = {
    { "/", AE_IFDIR, NULL, 0755 },
    { "/etc/", AE_IFDIR, NULL, 0755 },
    { "/etc/passwd", AE_IFREG, "root:x:0:0\n", 0644 },
  };
  g_autoptr (GBytes) file_tar = build_tar (file, 1);
  g_autoptr (GBytes) root_tar = build_tar (root, G_N_ELEMENTS (root));
  g_autofree char *file_target = g_build_filename (scratch->downloads, "copy of passwd", NULL);
  g_autofree char *root_target = g_build_filename (scratch->downloads, "rootfs", NULL);
  g_autofree char *root_passwd = g_build_filename (root_target, "etc", "passwd", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (berth_archive_extract_tar (file_tar, file_target, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file_target, G_FILE_TEST_IS_REGULAR));

  g_assert_true (berth_archive_extract_tar (root_tar, root_target, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (root_passwd, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_children (scratch->downloads), ==, 2);
}

static void
test_extract_existing_target (Scratch       *scratch,
                              gconstpointer  data)
{
  const TarItem file[] = { { "passwd", AE_IFREG, "new", 0644 } };
  g_autoptr (GBytes) tar = build_tar (file, 1);
  g_autofree char *target = g_build_filename (scratch->downloads, "passwd", NULL);
  g_autofree char *missing = g_build_filename (scratch->base, "no such folder", "passwd", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_false (berth_archive_extract_tar (tar, target, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_children (scratch->downloads), ==, 1);
  g_clear_error (&error);

  g_assert_false (berth_archive_extract_tar (tar, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_extract_truncated (Scratch       *scratch,
                        gconstpointer  data)
{
  const TarItem items[] = {
    { "etc/", AE_IFDIR, NULL, 0755 },
    { "etc/a", AE_IFREG, "aaaaaaaaaa", 0644 },
    { "etc/b", AE_IFREG, "bbbbbbbbbb", 0644 },
  };
  g_autoptr (GBytes) tar = build_tar (items, G_N_ELEMENTS (items));
  /* Cut inside the second file's data, as when a container goes away. */
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (tar, 0, 512 * 5 + 3);
  g_autofree char *target = g_build_filename (scratch->downloads, "etc", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (berth_archive_extract_tar (cut, target, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_children (scratch->downloads), ==, 0);
}

/* A mock engine ------------------------------------------------------------------------------
 *
 * Just enough of the Engine API, on a unix socket, to drive a whole listing
 * through the exec path and through its fallback to the archive stream. */

typedef struct
{
  SoupServer *server;
  char       *dir;
  char       *socket_path;
  GBytes     *exec_output;   /* the multiplexed answer to exec start */
  GBytes     *tar;           /* the answer to GET …/archive */
  char       *exec_folder;   /* what the exec was asked to list */
  guint       exec_starts;
  guint       archive_gets;
} MockEngine;

static void
mock_json (SoupServerMessage *msg,
           guint              status,
           const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
mock_exec_create (MockEngine        *mock,
                  SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (JsonNode) node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  JsonArray *cmd;

  g_assert_nonnull (node);
  cmd = json_object_get_array_member (json_node_get_object (node), "Cmd");
  g_assert_cmpuint (json_array_get_length (cmd), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (cmd, 0), ==, "sh");
  g_free (mock->exec_folder);
  mock->exec_folder = g_strdup (json_array_get_string_element (cmd, 4));
  mock_json (msg, 201, "{\"Id\":\"e1\"}");
}

static void
mock_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  MockEngine *mock = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *asked = query ? g_hash_table_lookup (query, "path") : NULL;

  if (g_str_equal (path, "/_ping"))
    {
      soup_message_headers_replace (headers, "Api-Version", "1.41");
      mock_json (msg, 200, "\"OK\"");
      return;
    }

  g_assert_true (g_str_has_prefix (path, "/v1.41/"));
  path += strlen ("/v1.41");

  if (g_str_equal (path, "/version"))
    mock_json (msg, 200, "{\"Version\":\"mock\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
  else if (g_str_equal (path, "/containers/web/json"))
    mock_json (msg, 200, "{\"Id\":\"web\",\"State\":{\"Running\":true,\"Paused\":false}}");
  else if (g_str_equal (path, "/containers/web/archive") && g_str_equal (method, "HEAD"))
    {
      if (g_strcmp0 (asked, "/bin") == 0)
        {
          soup_message_headers_replace (headers, "X-Docker-Container-Path-Stat", STAT_BIN);
          soup_server_message_set_status (msg, 200, NULL);
        }
      else
        soup_server_message_set_status (msg, 404, NULL);
    }
  else if (g_str_equal (path, "/containers/web/archive") && g_str_equal (method, "GET"))
    {
      g_assert_cmpstr (asked, ==, "/bin");
      mock->archive_gets++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "application/x-tar", NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), mock->tar);
    }
  else if (g_str_equal (path, "/containers/web/exec"))
    mock_exec_create (mock, msg);
  else if (g_str_equal (path, "/exec/e1/start"))
    {
      /* As the engine does: a raw stream to the end of the connection. */
      mock->exec_starts++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "application/vnd.docker.raw-stream", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), mock->exec_output);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
    }
  else
    mock_json (msg, 404, "{\"message\":\"not in the mock\"}");
}

static void
mock_start (MockEngine *mock)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocket) socket = NULL;

  mock->dir = g_dir_make_tmp ("berth-mock-XXXXXX", &error);
  g_assert_no_error (error);
  mock->socket_path = g_build_filename (mock->dir, "engine.sock", NULL);
  address = g_unix_socket_address_new (mock->socket_path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));

  mock->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (mock->server, NULL, mock_handler, mock, NULL);
  g_assert_true (soup_server_listen_socket (mock->server, socket, 0, &error));
  g_assert_no_error (error);
}

static void
mock_stop (MockEngine *mock)
{
  soup_server_disconnect (mock->server);
  g_clear_object (&mock->server);
  g_unlink (mock->socket_path);
  g_rmdir (mock->dir);
  g_free (mock->socket_path);
  g_free (mock->dir);
  g_free (mock->exec_folder);
  g_clear_pointer (&mock->exec_output, g_bytes_unref);
  g_clear_pointer (&mock->tar, g_bytes_unref);
}

static BerthEngine *
mock_connect (MockEngine *mock)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *address = g_strconcat ("unix://", mock->socket_path, NULL);
  g_autoptr (BerthEndpoint) endpoint = berth_endpoint_new_for_address (address, &error);

  g_assert_no_error (error);
  return berth_test_connect_engine (endpoint);
}

static void
add_frame (GByteArray *out,
           guint8      stream,
           const char *text)
{
  guint32 size = GUINT32_TO_BE ((guint32) strlen (text));
  guint8 header[8] = { stream, 0, 0, 0 };

  memcpy (header + 4, &size, 4);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, (const guint8 *) text, strlen (text));
}

typedef struct
{
  GPtrArray    *entries;
  guint         batches;
  GCancellable *cancel_on_first;
} Batches;

static void
batches_cb (GPtrArray *batch,
            gpointer   user_data)
{
  Batches *batches = user_data;

  batches->batches++;
  if (batches->cancel_on_first != NULL)
    g_cancellable_cancel (batches->cancel_on_first);
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (batches->entries, g_object_ref (g_ptr_array_index (batch, i)));
}

static BerthFileEntry *
mock_list (BerthEngine            *engine,
           Batches                *batches,
           BerthArchiveListMethod *method,
           GError                **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  berth_archive_list_async (engine, "web", "/bin", BERTH_ARCHIVE_LIST_DEFAULT, batches_cb, batches, NULL,
                            batches->cancel_on_first, berth_test_result_cb, &slot);
  result = berth_test_await (&slot);
  return berth_archive_list_finish (engine, result, method, error);
}

static void
test_mock_exec_listing (void)
{
  MockEngine mock = { 0 };
  g_autoptr (GByteArray) output = g_byte_array_new ();
  g_autoptr (BerthEngine) engine = NULL;
  g_autoptr (BerthFileEntry) folder = NULL;
  g_autoptr (GError) error = NULL;
  Batches batches = { g_ptr_array_new_with_free_func (g_object_unref), 0, NULL };
  BerthArchiveListMethod method = BERTH_ARCHIVE_LIST_METHOD_ARCHIVE;

  /* Frames cut anywhere, stderr among them. */
  add_frame (output, 1, "a1ff|12|0|0|1795959919|root|root|sh\n81ed|1982256|0|0|17959");
  add_frame (output, 2, "stat: can't stat '..?*': No such file or directory\n");
  add_frame (output, 1, "59918|root|root|busybox\n//\n'sh' -> '/bin/busybox'\nbus");
  add_frame (output, 1, "ybox\n//end\n");
  mock.exec_output = g_byte_array_free_to_bytes (g_steal_pointer (&output));
  mock_start (&mock);
  engine = mock_connect (&mock);

  folder = mock_list (engine, &batches, &method, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_file_entry_get_path (folder), ==, "/bin");
  g_assert_cmpint (method, ==, BERTH_ARCHIVE_LIST_METHOD_EXEC);
  g_assert_cmpstr (mock.exec_folder, ==, "/bin");
  g_assert_cmpuint (mock.exec_starts, ==, 1);
  g_assert_cmpuint (mock.archive_gets, ==, 0);
  g_assert_cmpuint (batches.entries->len, ==, 2);
  g_assert_cmpstr (berth_file_entry_get_link_target (find_entry (batches.entries, "sh")), ==, "/bin/busybox");
  g_assert_cmpuint (berth_file_entry_get_size (find_entry (batches.entries, "busybox")), ==, 1982256);

  g_ptr_array_unref (batches.entries);
  g_clear_object (&engine);
  mock_stop (&mock);
}

static void
test_mock_exec_fallback (void)
{
  MockEngine mock = { 0 };
  g_autoptr (GByteArray) output = g_byte_array_new ();
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (TarItem));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (BerthEngine) engine = NULL;
  g_autoptr (BerthFileEntry) folder = NULL;
  g_autoptr (GError) error = NULL;
  Batches batches = { g_ptr_array_new_with_free_func (g_object_unref), 0, NULL };
  BerthArchiveListMethod method = BERTH_ARCHIVE_LIST_METHOD_EXEC;
  TarItem item = { "bin/", AE_IFDIR, NULL, 0755 };

  /* No stat in this container: the listing falls back to the archive. */
  add_frame (output, 2, "sh: stat: not found\n");
  mock.exec_output = g_byte_array_free_to_bytes (g_steal_pointer (&output));

  g_array_append_val (items, item);
  for (guint i = 0; i < 1200; i++)
    {
      char *name = g_strdup_printf ("bin/file%04u", i);

      g_ptr_array_add (names, name);
      item = (TarItem) { name, AE_IFREG, "some data", 0644 };
      g_array_append_val (items, item);
      if (i % 100 == 0)
        {
          char *deep = g_strdup_printf ("bin/dir%04u/deeper/file", i);

          g_ptr_array_add (names, deep);
          item = (TarItem) { deep, AE_IFREG, "deep data", 0644 };
          g_array_append_val (items, item);
        }
    }
  mock.tar = build_tar ((const TarItem *) (gpointer) items->data, items->len);
  mock_start (&mock);
  engine = mock_connect (&mock);

  folder = mock_list (engine, &batches, &method, &error);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  g_assert_cmpint (method, ==, BERTH_ARCHIVE_LIST_METHOD_ARCHIVE);
  g_assert_cmpuint (mock.exec_starts, ==, 1);
  g_assert_cmpuint (mock.archive_gets, ==, 1);
  /* 1200 files and 12 folders seen only through what is inside them. */
  g_assert_cmpuint (batches.entries->len, ==, 1212);
  g_assert_cmpint (berth_file_entry_get_kind (find_entry (batches.entries, "dir0500")), ==, BERTH_FILE_KIND_DIRECTORY);
  g_assert_null (find_entry (batches.entries, "deeper"));
  /* Handed over as they came, in several batches. */
  g_assert_cmpuint (batches.batches, >=, 3);
  g_ptr_array_unref (batches.entries);

  /* Cancelled after the first batch: no more come, and it says so. */
  g_clear_object (&folder);
  batches = (Batches) { g_ptr_array_new_with_free_func (g_object_unref), 0, g_cancellable_new () };
  folder = mock_list (engine, &batches, &method, &error);
  g_assert_null (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (batches.batches, ==, 1);
  g_object_unref (batches.cancel_on_first);
  g_ptr_array_unref (batches.entries);
  g_clear_object (&engine);
  mock_stop (&mock);
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/archive/stat/directory", test_stat_directory);
  g_test_add_func ("/archive/stat/file", test_stat_file);
  g_test_add_func ("/archive/stat/symlink-and-root", test_stat_symlink_and_root);
  g_test_add_func ("/archive/stat/go-mode-bits", test_stat_go_mode_bits);
  g_test_add_func ("/archive/stat/invalid", test_stat_invalid);
  g_test_add_func ("/archive/mode-string", test_mode_string);
  g_test_add_func ("/archive/path/normalize", test_path_normalize);
  g_test_add_func ("/archive/path/parent-basename-join", test_path_parent_basename_join);
  g_test_add_func ("/archive/path/breadcrumbs", test_path_breadcrumbs);
  g_test_add_func ("/archive/spec/download", test_download_spec);
  g_test_add_func ("/archive/spec/upload", test_upload_spec);
  g_test_add_func ("/archive/spec/commit", test_commit_spec);
  g_test_add_func ("/archive/spec/rename", test_rename_spec);
  g_test_add_func ("/archive/spec/export", test_export_spec);
  g_test_add_func ("/archive/inspect-text", test_inspect_text);
  g_test_add_func ("/archive/listing/busybox", test_listing_busybox);
  g_test_add_func ("/archive/listing/coreutils", test_listing_coreutils);
  g_test_add_func ("/archive/listing/recorded", test_listing_recorded);
  g_test_add_func ("/archive/listing/empty-and-broken", test_listing_empty_and_broken);
  g_test_add_func ("/archive/tar/list", test_list_tar);
  g_test_add_func ("/archive/tar/list-layouts", test_list_tar_layouts);
  g_test_add_func ("/archive/tar/list-damaged", test_list_tar_damaged);
  g_test_add_func ("/archive/tar/read", test_read_tar);
  g_test_add_func ("/archive/looks-like-text", test_looks_like_text);
  g_test_add_func ("/archive/mock-engine/exec-listing", test_mock_exec_listing);
  g_test_add_func ("/archive/mock-engine/exec-fallback", test_mock_exec_fallback);
  g_test_add ("/archive/extract/dotdot", Scratch, NULL, scratch_setup, test_extract_dotdot, scratch_teardown);
  g_test_add ("/archive/extract/absolute", Scratch, NULL, scratch_setup, test_extract_absolute, scratch_teardown);
  g_test_add ("/archive/extract/symlink-escape", Scratch, NULL, scratch_setup, test_extract_symlink_escape, scratch_teardown);
  g_test_add ("/archive/extract/folder", Scratch, NULL, scratch_setup, test_extract_folder, scratch_teardown);
  g_test_add ("/archive/extract/file-and-root", Scratch, NULL, scratch_setup, test_extract_file_and_root, scratch_teardown);
  g_test_add ("/archive/extract/existing-target", Scratch, NULL, scratch_setup, test_extract_existing_target, scratch_teardown);
  g_test_add ("/archive/extract/truncated", Scratch, NULL, scratch_setup, test_extract_truncated, scratch_teardown);

  return g_test_run ();
}
