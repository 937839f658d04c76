/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "berth-archive.h"

/* libFuzzer target for the tar reading path of the files layer: listing a
 * folder from its archive stream, reading one file, and extracting a
 * download, plus the exec listing parser and the path stat decoder.
 *
 * The first byte chooses what runs and how the rest is read: as raw tar
 * bytes, or as a description of entries ("TYPE NAME\tTARGET-OR-DATA"
 * lines, TYPE one of f d l h c) that is written into a well-formed tar
 * first, so that hostile names and links reach our own checks even though
 * libarchive itself is not instrumented. Nothing may crash or leak, and an
 * extraction must never leave anything outside its folder. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static char *scratch;    /* the download folder's parent */
static char *outside;    /* a folder nothing may ever be written into */

static la_ssize_t
append_cb (struct archive *archive,
           void           *user_data,
           const void     *buffer,
           size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static void
add_described_entry (struct archive *archive,
                     const char     *line)
{
  struct archive_entry *entry;
  const char *tab;
  g_autofree char *name = NULL;
  const char *rest = "";
  char type;

  if (strlen (line) < 2)
    return;

  type = line[0];
  tab = strchr (line + 1, '\t');
  name = tab ? g_strndup (line + 1, tab - line - 1) : g_strdup (line + 1);
  if (tab != NULL)
    rest = tab + 1;

  entry = archive_entry_new ();
  archive_entry_copy_pathname (entry, name);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_mtime (entry, 1700000000, 0);
  switch (type)
    {
    case 'd':
      archive_entry_set_filetype (entry, AE_IFDIR);
      break;
    case 'l':
      archive_entry_set_filetype (entry, AE_IFLNK);
      archive_entry_copy_symlink (entry, rest);
      break;
    case 'h':
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_copy_hardlink (entry, rest);
      break;
    case 'c':
      archive_entry_set_filetype (entry, AE_IFCHR);
      break;
    case 'f':
    default:
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_size (entry, strlen (rest));
      break;
    }

  if (archive_write_header (archive, entry) == ARCHIVE_OK &&
      archive_entry_filetype (entry) == AE_IFREG && archive_entry_hardlink (entry) == NULL)
    archive_write_data (archive, rest, strlen (rest));
  archive_entry_free (entry);
}

/* Returns: (transfer full): a tar holding the entries @text describes */
static GBytes *
describe_tar (const char *text)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *archive = archive_write_new ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", 64);

  archive_write_set_format_pax_restricted (archive);
  if (archive_write_open2 (archive, out, NULL, append_cb, NULL, NULL) == ARCHIVE_OK)
    {
      for (guint i = 0; lines[i] != NULL; i++)
        add_described_entry (archive, lines[i]);
      archive_write_close (archive);
    }
  archive_write_free (archive);

  return g_byte_array_free_to_bytes (out);
}

static void
remove_tree (const char *path)
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

      remove_tree (child);
    }
  g_rmdir (path);
}

static guint
count_children (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
fuzz_extract (GBytes *tar)
{
  g_autofree char *target = g_build_filename (scratch, "out", NULL);
  gboolean ok;

  ok = berth_archive_extract_tar (tar, target, NULL);

  /* Only the download itself, and only when it succeeded. */
  g_assert (count_children (scratch) == (ok ? 2u : 1u));
  g_assert (count_children (outside) == 0);
  remove_tree (target);
}

static void
fuzz_tar (guint   mode,
          GBytes *tar)
{
  switch (mode % 3)
    {
    case 0:
      {
        g_autoptr (GPtrArray) entries = berth_archive_list_tar (tar, "/bin", NULL);

        for (guint i = 0; entries != NULL && i < entries->len; i++)
          {
            BerthFileEntry *entry = g_ptr_array_index (entries, i);

            g_assert (strchr (berth_file_entry_get_name (entry), '/') == NULL);
            g_assert (g_str_has_prefix (berth_file_entry_get_path (entry), "/"));
          }
      }
      break;
    case 1:
      {
        g_autoptr (GBytes) contents = berth_archive_read_tar (tar, 4096, NULL);

        g_assert (contents == NULL || g_bytes_get_size (contents) <= 4096);
      }
      break;
    default:
      fuzz_extract (tar);
      break;
    }
}

static void
fuzz_text (guint         mode,
           const guint8 *data,
           gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  if (mode % 2 == 0)
    {
      g_autoptr (GPtrArray) entries = berth_archive_parse_listing ("/x", (const char *) data, size, NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        g_assert (strchr (berth_file_entry_get_name (g_ptr_array_index (entries, i)), '/') == NULL);
    }
  else
    {
      g_autoptr (BerthFileEntry) entry = berth_archive_decode_path_stat ("/x", text, NULL);
      g_autoptr (GPtrArray) crumbs = berth_archive_path_breadcrumbs (text);
      g_autofree char *normal = berth_archive_path_normalize (text);

      g_assert (entry == NULL || g_str_equal (berth_file_entry_get_path (entry), "/x"));
      g_assert (normal[0] == '/');
      g_assert (strstr (normal, "/../") == NULL && strstr (normal, "//") == NULL);
      g_assert (crumbs->len >= 1);
    }
}

static void
remove_scratch (void)
{
  remove_tree (scratch);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  guint8 selector;

  if (scratch == NULL)
    {
      scratch = g_dir_make_tmp ("berth-fuzz-tar-XXXXXX", NULL);
      g_assert (scratch != NULL);
      outside = g_build_filename (scratch, "outside", NULL);
      g_assert (g_mkdir (outside, 0700) == 0);
      atexit (remove_scratch);
    }

  if (size < 1)
    return 0;

  selector = data[0];
  data++;
  size--;

  if (selector < 96)
    {
      g_autoptr (GBytes) tar = g_bytes_new (data, size);

      fuzz_tar (selector, tar);
    }
  else if (selector < 224)
    {
      g_autofree char *text = g_strndup ((const char *) data, size);
      g_autoptr (GBytes) tar = describe_tar (text);

      fuzz_tar (selector, tar);
    }
  else
    fuzz_text (selector, data, size);

  return 0;
}
