/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "berth-archive.h"
#include "berth-demuxer.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-shell.h"

/* Files inside containers: `docker cp` both ways, folder listings and small
 * reads, all through the archive API (GET/HEAD/PUT
 * /containers/{id}/archive?path=…), whose bodies are tar streams.
 *
 * Tar is read and written by libarchive on a worker thread of our own. The
 * engine's stream belongs to the main thread (libsoup does its I/O on the
 * thread that sent the request), so the two meet through a local socket
 * pair: the main thread pumps the response into one end asynchronously, the
 * worker reads the other end with blocking calls. The kernel's socket buffer
 * bounds what is held in memory and throttles the engine to the speed of
 * the worker; closing either end stops the other. */

/* The entry object ----------------------------------------------------------- */

struct _BerthFileEntry
{
  GObject        parent_instance;

  char          *name;
  char          *path;
  char          *user;
  char          *group;
  char          *link_target;
  guint64        size;
  gint64         uid;
  gint64         gid;
  gint64         mtime;
  guint          mode;
  BerthFileKind  kind;
  char           mode_string[11];
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_KIND,
  PROP_SIZE,
  PROP_MODE,
  PROP_MODE_STRING,
  PROP_UID,
  PROP_GID,
  PROP_USER,
  PROP_GROUP,
  PROP_MTIME,
  PROP_LINK_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthFileEntry, berth_file_entry, G_TYPE_OBJECT)

static void
berth_file_entry_finalize (GObject *object)
{
  BerthFileEntry *self = BERTH_FILE_ENTRY (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->user);
  g_free (self->group);
  g_free (self->link_target);

  G_OBJECT_CLASS (berth_file_entry_parent_class)->finalize (object);
}

static void
berth_file_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BerthFileEntry *self = BERTH_FILE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_MODE:
      g_value_set_uint (value, self->mode);
      break;
    case PROP_MODE_STRING:
      g_value_set_string (value, self->mode_string);
      break;
    case PROP_UID:
      g_value_set_int64 (value, self->uid);
      break;
    case PROP_GID:
      g_value_set_int64 (value, self->gid);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;
    case PROP_MTIME:
      g_value_set_int64 (value, self->mtime);
      break;
    case PROP_LINK_TARGET:
      g_value_set_string (value, self->link_target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_file_entry_class_init (BerthFileEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_file_entry_finalize;
  object_class->get_property = berth_file_entry_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, BERTH_TYPE_FILE_KIND,
                                             BERTH_FILE_KIND_FILE, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MODE] = g_param_spec_uint ("mode", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MODE_STRING] = g_param_spec_string ("mode-string", NULL, NULL, NULL, flags);
  properties[PROP_UID] = g_param_spec_int64 ("uid", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_GID] = g_param_spec_int64 ("gid", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_MTIME] = g_param_spec_int64 ("mtime", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LINK_TARGET] = g_param_spec_string ("link-target", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_file_entry_init (BerthFileEntry *self)
{
  self->uid = -1;
  self->gid = -1;
}

static BerthFileKind
kind_for_mode (guint mode)
{
  if (S_ISDIR (mode))
    return BERTH_FILE_KIND_DIRECTORY;
  if (S_ISLNK (mode))
    return BERTH_FILE_KIND_SYMLINK;
  if (S_ISREG (mode))
    return BERTH_FILE_KIND_FILE;
  return BERTH_FILE_KIND_OTHER;
}

/* Entries are immutable once made: built on worker threads, then handed to
 * the main thread. */
static BerthFileEntry *
file_entry_new (const char *folder,
                const char *name,
                guint       mode,
                guint64     size,
                gint64      mtime)
{
  BerthFileEntry *self = g_object_new (BERTH_TYPE_FILE_ENTRY, NULL);
  g_autofree char *mode_string = berth_archive_mode_to_string (mode);

  self->name = g_strdup (name);
  self->path = folder != NULL ? berth_archive_path_join (folder, name) : berth_archive_path_normalize (name);
  self->mode = mode;
  self->kind = kind_for_mode (mode);
  self->size = self->kind == BERTH_FILE_KIND_DIRECTORY ? 0 : size;
  self->mtime = MAX (mtime, 0);
  g_strlcpy (self->mode_string, mode_string, sizeof self->mode_string);
  return self;
}

static void
file_entry_set_owner (BerthFileEntry *self,
                      gint64          uid,
                      gint64          gid,
                      const char     *user,
                      const char     *group)
{
  self->uid = uid;
  self->gid = gid;
  /* stat prints UNKNOWN for ids the container's passwd does not name. */
  self->user = user && *user && g_strcmp0 (user, "UNKNOWN") != 0 ? g_strdup (user) : NULL;
  self->group = group && *group && g_strcmp0 (group, "UNKNOWN") != 0 ? g_strdup (group) : NULL;
}

const char *
berth_file_entry_get_name (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->name;
}

/* The full path in the container, e.g. "/usr/bin/env". */
const char *
berth_file_entry_get_path (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->path;
}

BerthFileKind
berth_file_entry_get_kind (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), BERTH_FILE_KIND_OTHER);
  return self->kind;
}

/* Bytes; 0 for folders. A symlink's size is the length of its target. */
guint64
berth_file_entry_get_size (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), 0);
  return self->size;
}

/* The Unix st_mode: type bits (S_IFDIR, …) and permissions. */
guint
berth_file_entry_get_mode (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), 0);
  return self->mode;
}

/* Like ls -l, e.g. "drwxr-xr-x". */
const char *
berth_file_entry_get_mode_string (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->mode_string;
}

/* -1 when not known (a path stat does not say). */
gint64
berth_file_entry_get_uid (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), -1);
  return self->uid;
}

gint64
berth_file_entry_get_gid (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), -1);
  return self->gid;
}

/* The owner's name in the container, or %NULL when not known. */
const char *
berth_file_entry_get_user (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->user;
}

const char *
berth_file_entry_get_group (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->group;
}

/* Seconds since the epoch; 0 when not known. */
gint64
berth_file_entry_get_mtime (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), 0);
  return self->mtime;
}

/* What a symlink points to, as stored (maybe relative), or %NULL. */
const char *
berth_file_entry_get_link_target (BerthFileEntry *self)
{
  g_return_val_if_fail (BERTH_IS_FILE_ENTRY (self), NULL);
  return self->link_target;
}

/* Modes ----------------------------------------------------------------------- */

/**
 * berth_archive_mode_to_string:
 * @mode: a Unix st_mode
 *
 * Returns: (transfer full): the mode as ls -l shows it, e.g. "drwxr-xr-x",
 *   "lrwxrwxrwx", "-rwsr-xr-x", "drwxrwxrwt"
 */
char *
berth_archive_mode_to_string (guint mode)
{
  static const char rwx[] = "rwxrwxrwx";
  char out[11];
  char type;

  switch (mode & S_IFMT)
    {
    case S_IFDIR: type = 'd'; break;
    case S_IFLNK: type = 'l'; break;
    case S_IFREG: type = '-'; break;
    case S_IFCHR: type = 'c'; break;
    case S_IFBLK: type = 'b'; break;
    case S_IFIFO: type = 'p'; break;
    case S_IFSOCK: type = 's'; break;
    default: type = '?'; break;
    }

  out[0] = type;
  for (guint i = 0; i < 9; i++)
    out[i + 1] = (mode & (0400u >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID)
    out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID)
    out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX)
    out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = '\0';

  return g_strdup (out);
}

/* Go's os.FileMode, which the engine sends in a path stat: type bits at the
 * top of a uint32, permissions at the bottom. */
#define GO_MODE_DIR         (1u << 31)
#define GO_MODE_SYMLINK     (1u << 27)
#define GO_MODE_DEVICE      (1u << 26)
#define GO_MODE_NAMED_PIPE  (1u << 25)
#define GO_MODE_SOCKET      (1u << 24)
#define GO_MODE_SETUID      (1u << 23)
#define GO_MODE_SETGID      (1u << 22)
#define GO_MODE_CHAR_DEVICE (1u << 21)
#define GO_MODE_STICKY      (1u << 20)
#define GO_MODE_IRREGULAR   (1u << 19)

static guint
mode_from_go (guint32 go)
{
  guint mode = go & 0777;

  if (go & GO_MODE_SETUID)
    mode |= S_ISUID;
  if (go & GO_MODE_SETGID)
    mode |= S_ISGID;
  if (go & GO_MODE_STICKY)
    mode |= S_ISVTX;

  if (go & GO_MODE_DIR)
    mode |= S_IFDIR;
  else if (go & GO_MODE_SYMLINK)
    mode |= S_IFLNK;
  else if (go & GO_MODE_DEVICE)
    mode |= (go & GO_MODE_CHAR_DEVICE) ? S_IFCHR : S_IFBLK;
  else if (go & GO_MODE_NAMED_PIPE)
    mode |= S_IFIFO;
  else if (go & GO_MODE_SOCKET)
    mode |= S_IFSOCK;
  else if (!(go & GO_MODE_IRREGULAR))
    mode |= S_IFREG;

  return mode;
}

static gpointer
invalid_stat (GError     **error,
              const char  *path)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
               _("The engine described “%s” in a form Berth does not understand"), path);
  return NULL;
}

/**
 * berth_archive_decode_path_stat:
 * @path: the container path that was asked about
 * @header: the X-Docker-Container-Path-Stat header: base64 of
 *   {"name","size","mode" (Go os.FileMode),"mtime","linkTarget"}
 *
 * Returns: (transfer full): the entry, or %NULL with @error set
 */
BerthFileEntry *
berth_archive_decode_path_stat (const char  *path,
                                const char  *header,
                                GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *name = NULL;
  const char *mtime = NULL, *link = NULL;
  gint64 size = 0, mode = 0;
  BerthFileEntry *entry;
  JsonObject *obj;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  normal = berth_archive_path_normalize (path);
  if (header == NULL || *header == '\0')
    return invalid_stat (error, normal);

  /* Standard base64; accept the URL-safe alphabet too. */
  text = g_strdup (header);
  g_strstrip (text);
  for (char *p = text; *p; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return invalid_stat (error, normal);
    }

  decoded = g_base64_decode (text, &len);
  bytes = g_bytes_new (decoded, len);
  root = _berth_json_parse_bytes (bytes, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid_stat (error, normal);

  obj = json_node_get_object (root);
  if (!_berth_json_get_int (obj, "size", BERTH_JSON_OPTIONAL, &size, error) ||
      !_berth_json_get_int (obj, "mode", BERTH_JSON_REQUIRED, &mode, error) ||
      !_berth_json_get_string (obj, "mtime", BERTH_JSON_OPTIONAL, &mtime, error) ||
      !_berth_json_get_string (obj, "linkTarget", BERTH_JSON_OPTIONAL, &link, error))
    return NULL;

  if (mode < 0 || mode > G_MAXUINT32 || size < 0)
    return invalid_stat (error, normal);

  name = berth_archive_path_basename (normal);
  entry = file_entry_new (NULL, name, mode_from_go ((guint32) mode), (guint64) size,
                          _berth_json_parse_time (mtime));
  g_free (entry->path);
  entry->path = g_steal_pointer (&normal);
  /* Podman also names the resolved path of things that are not links. */
  if (entry->kind == BERTH_FILE_KIND_SYMLINK && link != NULL && *link != '\0')
    entry->link_target = g_strdup (link);

  return entry;
}

/* Container paths ---------------------------------------------------------------- */

void
berth_path_crumb_free (BerthPathCrumb *crumb)
{
  if (crumb == NULL)
    return;

  g_free (crumb->label);
  g_free (crumb->path);
  g_free (crumb);
}

/**
 * berth_archive_path_normalize:
 * @path: (nullable): a path in a container; relative paths start at "/"
 *
 * Collapses "//" and ".", resolves ".." (never above "/") and drops a
 * trailing "/".
 *
 * Returns: (transfer full): an absolute path, "/" at least
 */
char *
berth_archive_path_normalize (const char *path)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  GString *out;

  if (path == NULL)
    return g_strdup ("/");

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }

  if (kept->len == 0)
    return g_strdup ("/");

  out = g_string_new (NULL);
  for (guint i = 0; i < kept->len; i++)
    {
      g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  return g_string_free (out, FALSE);
}

/* Returns: (transfer full): the folder holding @path; "/" for "/" */
char *
berth_archive_path_parent (const char *path)
{
  g_autofree char *normal = berth_archive_path_normalize (path);
  char *slash = strrchr (normal, '/');

  if (slash == normal)
    return g_strdup ("/");
  return g_strndup (normal, slash - normal);
}

/* Returns: (transfer full): the last component; "/" for "/" */
char *
berth_archive_path_basename (const char *path)
{
  g_autofree char *normal = berth_archive_path_normalize (path);

  if (strcmp (normal, "/") == 0)
    return g_strdup ("/");
  return g_strdup (strrchr (normal, '/') + 1);
}

/* Returns: (transfer full): @name inside @folder, normalised */
char *
berth_archive_path_join (const char *folder,
                         const char *name)
{
  g_autofree char *joined = g_strconcat (folder ? folder : "/", "/", name ? name : "", NULL);

  return berth_archive_path_normalize (joined);
}

/**
 * berth_archive_path_breadcrumbs:
 *
 * Returns: (transfer container) (element-type BerthPathCrumb): one crumb
 *   per folder from "/" down to @path, e.g. "/", "usr", "bin" for /usr/bin
 */
GPtrArray *
berth_archive_path_breadcrumbs (const char *path)
{
  g_autofree char *normal = berth_archive_path_normalize (path);
  GPtrArray *crumbs = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_path_crumb_free);
  BerthPathCrumb *crumb = g_new0 (BerthPathCrumb, 1);

  crumb->label = g_strdup ("/");
  crumb->path = g_strdup ("/");
  g_ptr_array_add (crumbs, crumb);

  for (char *p = normal + 1; *p != '\0'; )
    {
      char *slash = strchr (p, '/');
      char *end = slash ? slash : p + strlen (p);

      crumb = g_new0 (BerthPathCrumb, 1);
      crumb->label = g_strndup (p, end - p);
      crumb->path = g_strndup (normal, end - normal);
      g_ptr_array_add (crumbs, crumb);
      p = slash ? slash + 1 : end;
    }

  return crumbs;
}

/* Specs --------------------------------------------------------------------------- */

static char *
archive_request (const char *container,
                 const char *path,
                 const char *extra_query)
{
  g_autofree char *id = berth_engine_escape (container);
  g_autofree char *normal = berth_archive_path_normalize (path);
  g_autofree char *escaped = g_uri_escape_string (normal, NULL, FALSE);

  return g_strdup_printf ("/containers/%s/archive?path=%s%s", id, escaped, extra_query ? extra_query : "");
}

static const char *
cli_name (const char *container,
          const char *name)
{
  return name != NULL && *name != '\0' ? name : container;
}

G_DEFINE_BOXED_TYPE (BerthDownloadSpec, berth_download_spec, berth_download_spec_copy, berth_download_spec_free)

BerthDownloadSpec *
berth_download_spec_new (const char *container,
                         const char *name,
                         const char *path,
                         const char *local_path)
{
  BerthDownloadSpec *self = g_new0 (BerthDownloadSpec, 1);

  self->container = g_strdup (container);
  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->local_path = g_strdup (local_path);
  return self;
}

BerthDownloadSpec *
berth_download_spec_copy (const BerthDownloadSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return berth_download_spec_new (self->container, self->name, self->path, self->local_path);
}

void
berth_download_spec_free (BerthDownloadSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->container);
  g_free (self->name);
  g_free (self->path);
  g_free (self->local_path);
  g_free (self);
}

gboolean
berth_download_spec_validate (const BerthDownloadSpec  *self,
                              GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->container == NULL || *self->container == '\0')
    return berth_engine_error_invalid (error, _("Choose a container to copy from"));
  if (self->path == NULL || *self->path == '\0')
    return berth_engine_error_invalid (error, _("Choose a file or folder in the container to download"));
  if (self->local_path == NULL || *self->local_path == '\0')
    return berth_engine_error_invalid (error, _("Choose where to save the download on this computer"));
  if (!g_path_is_absolute (self->local_path))
    return berth_engine_error_invalid (error, _("“%s” is not a full path; choose a folder on this computer"), self->local_path);
  return TRUE;
}

/* Returns: (transfer full): the GET request path, e.g.
 *   "/containers/web/archive?path=%2Fetc" */
char *
berth_download_spec_to_request (const BerthDownloadSpec *self)
{
  g_return_val_if_fail (self != NULL && self->container != NULL, NULL);
  return archive_request (self->container, self->path, NULL);
}

/* Returns: (transfer full): e.g. { "docker", "cp", "web:/etc", "/home/me/etc", NULL } */
char **
berth_download_spec_to_argv (const BerthDownloadSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  path = berth_archive_path_normalize (self->path);
  source = g_strconcat (cli_name (self->container, self->name), ":", path, NULL);
  g_strv_builder_addv (argv, (const char *[]) { "docker", "cp", source, self->local_path ? self->local_path : "", NULL });
  return g_strv_builder_end (argv);
}

char *
berth_download_spec_to_command (const BerthDownloadSpec *self)
{
  g_auto (GStrv) argv = berth_download_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

G_DEFINE_BOXED_TYPE (BerthUploadSpec, berth_upload_spec, berth_upload_spec_copy, berth_upload_spec_free)

BerthUploadSpec *
berth_upload_spec_new (const char         *container,
                       const char         *name,
                       const char * const *sources,
                       const char         *path)
{
  BerthUploadSpec *self = g_new0 (BerthUploadSpec, 1);

  self->container = g_strdup (container);
  self->name = g_strdup (name);
  self->sources = g_strdupv ((char **) sources);
  self->path = g_strdup (path);
  return self;
}

BerthUploadSpec *
berth_upload_spec_copy (const BerthUploadSpec *self)
{
  BerthUploadSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = berth_upload_spec_new (self->container, self->name,
                                (const char * const *) self->sources, self->path);
  copy->overwrite = self->overwrite;
  return copy;
}

void
berth_upload_spec_free (BerthUploadSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->container);
  g_free (self->name);
  g_strfreev (self->sources);
  g_free (self->path);
  g_free (self);
}

gboolean
berth_upload_spec_validate (const BerthUploadSpec  *self,
                            GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->container == NULL || *self->container == '\0')
    return berth_engine_error_invalid (error, _("Choose a container to copy into"));
  if (self->path == NULL || *self->path == '\0')
    return berth_engine_error_invalid (error, _("Choose a folder in the container to upload into"));
  if (self->sources == NULL || self->sources[0] == NULL)
    return berth_engine_error_invalid (error, _("Choose files or folders on this computer to upload"));

  for (guint i = 0; self->sources[i] != NULL; i++)
    {
      g_autofree char *base = NULL;

      if (!g_path_is_absolute (self->sources[i]))
        return berth_engine_error_invalid (error, _("“%s” is not a full path to a file on this computer"), self->sources[i]);

      base = g_path_get_basename (self->sources[i]);
      if (strcmp (base, "/") == 0 || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
        return berth_engine_error_invalid (error, _("“%s” cannot be uploaded; choose a file or a folder inside it"), self->sources[i]);

      for (guint j = 0; j < i; j++)
        {
          g_autofree char *other = g_path_get_basename (self->sources[j]);

          if (strcmp (base, other) == 0)
            return berth_engine_error_invalid (error, _("Two of the chosen items are named “%s”; upload them one at a time"), base);
        }
    }

  return TRUE;
}

/* Returns: (transfer full): the PUT request path */
char *
berth_upload_spec_to_request (const BerthUploadSpec *self)
{
  g_return_val_if_fail (self != NULL && self->container != NULL, NULL);
  return archive_request (self->container, self->path, "&noOverwriteDirNonDir=true");
}

/**
 * berth_upload_spec_to_argv:
 * @source: which of the sources (docker cp copies one at a time)
 *
 * Returns: (transfer full): e.g. { "docker", "cp", "/home/me/a.txt", "web:/tmp/", NULL }
 */
char **
berth_upload_spec_to_argv (const BerthUploadSpec *self,
                           guint                  source)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->sources != NULL && source < g_strv_length (self->sources), NULL);

  path = berth_archive_path_normalize (self->path);
  /* The trailing "/" says "into this folder", as a person would type it. */
  target = g_strconcat (cli_name (self->container, self->name), ":", path,
                        strcmp (path, "/") == 0 ? "" : "/", NULL);
  g_strv_builder_addv (argv, (const char *[]) { "docker", "cp", self->sources[source], target, NULL });
  return g_strv_builder_end (argv);
}

/* Returns: (transfer full): one docker cp per source, joined with " && " */
char *
berth_upload_spec_to_command (const BerthUploadSpec *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; self->sources != NULL && self->sources[i] != NULL; i++)
    {
      g_auto (GStrv) argv = berth_upload_spec_to_argv (self, i);
      g_autofree char *line = berth_shell_join ((const char * const *) argv);

      if (i > 0)
        g_string_append (out, " && ");
      g_string_append (out, line);
    }

  return g_string_free (out, FALSE);
}

/* Reading tar ------------------------------------------------------------------- */

#define CHUNK_SIZE (64 * 1024)

/* A tar stream from the worker end of the bridge, or from memory. */
typedef struct
{
  struct archive *archive;
  GSocket        *socket;
  GCancellable   *cancellable;
  GError         *error;        /* why the socket failed, if it did */
  char           *buffer;
} TarInput;

static la_ssize_t
tar_input_read_cb (struct archive  *archive,
                   void            *user_data,
                   const void     **buffer)
{
  TarInput *input = user_data;
  g_autoptr (GError) error = NULL;
  gssize n;

  n = g_socket_receive (input->socket, input->buffer, CHUNK_SIZE, input->cancellable, &error);
  if (n < 0)
    {
      archive_set_error (archive, EIO, "%s", error->message);
      if (input->error == NULL)
        input->error = g_steal_pointer (&error);
      return -1;
    }

  *buffer = input->buffer;
  return n;
}

static gboolean
tar_input_fail (TarInput  *input,
                GError   **error)
{
  const char *message = archive_error_string (input->archive);

  if (input->error != NULL)
    g_propagate_error (error, g_steal_pointer (&input->error));
  else if (g_cancellable_set_error_if_cancelled (input->cancellable, error))
    ;
  else
    g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                 _("The archive the engine sent cannot be read: %s"),
                 message ? message : _("it ends too early or is damaged"));
  return FALSE;
}

static gboolean
tar_input_open (TarInput      *input,
                GSocket       *socket,
                GBytes        *bytes,
                GCancellable  *cancellable,
                GError       **error)
{
  int r;

  /* Only plain tar: it is all the engine sends, and all a fuzzer can reach. */
  input->archive = archive_read_new ();
  archive_read_support_format_tar (input->archive);
  input->cancellable = cancellable;

  if (socket != NULL)
    {
      input->socket = socket;
      input->buffer = g_malloc (CHUNK_SIZE);
      r = archive_read_open (input->archive, input, NULL, tar_input_read_cb, NULL);
    }
  else
    {
      gsize len = 0;
      const void *data = g_bytes_get_data (bytes, &len);

      r = archive_read_open_memory (input->archive, data ? data : "", len);
    }

  if (r != ARCHIVE_OK)
    return tar_input_fail (input, error);
  return TRUE;
}

static void
tar_input_clear (TarInput *input)
{
  g_clear_pointer (&input->archive, archive_read_free);
  g_clear_pointer (&input->buffer, g_free);
  g_clear_error (&input->error);
}

/* Names as UTF-8 for people, as stored for the filesystem. */
static const char *
entry_display_name (struct archive_entry *ae)
{
  const char *name = archive_entry_pathname_utf8 (ae);

  return name ? name : archive_entry_pathname (ae);
}

static const char *
entry_file_name (struct archive_entry *ae)
{
  const char *name = archive_entry_pathname (ae);

  return name ? name : archive_entry_pathname_utf8 (ae);
}

/* Everything the engine sends is under its first entry: "bin/" for /bin,
 * "/" for "/", "./" for "/etc/.", or the file itself ("passwd"). */
typedef struct
{
  char *root;   /* the first entry's name without trailing "/" */
} TarRoot;

/* Sets @rest to what follows the root ("" for the root itself); FALSE for
 * an entry outside it. */
static gboolean
tar_root_strip (TarRoot     *root,
                const char  *name,
                const char **rest)
{
  gsize len;

  if (root->root == NULL)
    {
      len = strlen (name);
      while (len > 0 && name[len - 1] == '/')
        len--;
      root->root = g_strndup (name, len);
      *rest = "";
      return TRUE;
    }

  len = strlen (root->root);
  if (strncmp (name, root->root, len) != 0)
    return FALSE;
  if (name[len] == '\0')
    *rest = "";
  else if (name[len] == '/')
    *rest = name + len + 1;
  else
    return FALSE;
  return TRUE;
}

/* Returns: (transfer full) (nullable): @rest without empty and "."
 *   components, or %NULL when it has a ".." */
static char *
clean_relative (const char *rest)
{
  g_auto (GStrv) parts = g_strsplit (rest, "/", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, parts[i]);
    }

  return g_string_free (out, FALSE);
}

/* Listing: only the folder's own children are kept; deeper entries and all
 * data blocks are skipped as they stream past. */
typedef void (*TarScanFlush) (GPtrArray *batch,
                              gpointer   user_data);

#define SCAN_BATCH_SIZE 500
#define SCAN_BATCH_USEC (100 * 1000)

typedef struct
{
  const char   *folder;
  TarRoot       root;
  GHashTable   *seen;       /* child name -> its size (guint64 *) */
  GPtrArray    *batch;
  TarScanFlush  flush;
  gpointer      flush_data;
  gint64        last_flush;
} TarScan;

static void
tar_scan_init (TarScan      *scan,
               const char   *folder,
               TarScanFlush  flush,
               gpointer      flush_data)
{
  memset (scan, 0, sizeof *scan);
  scan->folder = folder;
  scan->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan->batch = g_ptr_array_new_with_free_func (g_object_unref);
  scan->flush = flush;
  scan->flush_data = flush_data;
  scan->last_flush = g_get_monotonic_time ();
}

static void
tar_scan_clear (TarScan *scan)
{
  g_clear_pointer (&scan->seen, g_hash_table_unref);
  g_clear_pointer (&scan->batch, g_ptr_array_unref);
  g_clear_pointer (&scan->root.root, g_free);
}

static void
tar_scan_flush (TarScan *scan)
{
  if (scan->flush == NULL || scan->batch->len == 0)
    return;

  scan->flush (g_steal_pointer (&scan->batch), scan->flush_data);
  scan->batch = g_ptr_array_new_with_free_func (g_object_unref);
  scan->last_flush = g_get_monotonic_time ();
}

static void
tar_scan_add (TarScan        *scan,
              BerthFileEntry *entry)
{
  g_hash_table_insert (scan->seen, g_strdup (entry->name), g_memdup2 (&entry->size, sizeof entry->size));
  g_ptr_array_add (scan->batch, entry);

  if (scan->batch->len >= SCAN_BATCH_SIZE ||
      g_get_monotonic_time () - scan->last_flush >= SCAN_BATCH_USEC)
    tar_scan_flush (scan);
}

/* A hard link's own header has no size; its target's, when it is a
 * sibling we saw, is the right one. */
static guint64
tar_scan_link_size (TarScan    *scan,
                    const char *target)
{
  g_autofree char *clean = NULL;
  const char *rest;
  guint64 *size;

  if (!tar_root_strip (&scan->root, target, &rest) ||
      (clean = clean_relative (rest)) == NULL ||
      (size = g_hash_table_lookup (scan->seen, clean)) == NULL)
    return 0;
  return *size;
}

static void
tar_scan_entry (TarScan              *scan,
                struct archive_entry *ae)
{
  const char *name = entry_display_name (ae);
  const char *hardlink, *symlink;
  g_autofree char *clean = NULL;
  BerthFileEntry *entry;
  const char *rest;
  guint64 size;
  guint mode;
  char *slash;

  if (name == NULL || !tar_root_strip (&scan->root, name, &rest) ||
      (clean = clean_relative (rest)) == NULL || *clean == '\0')
    return;

  slash = strchr (clean, '/');
  if (slash != NULL)
    {
      /* A deeper entry. Its folder normally came first; if it did not,
       * the folder still belongs in the listing. */
      *slash = '\0';
      if (!g_hash_table_contains (scan->seen, clean))
        tar_scan_add (scan, file_entry_new (scan->folder, clean, S_IFDIR | 0755, 0, 0));
      return;
    }

  if (g_hash_table_contains (scan->seen, clean))
    return;

  mode = archive_entry_mode (ae);
  size = archive_entry_size_is_set (ae) && archive_entry_size (ae) > 0 ? (guint64) archive_entry_size (ae) : 0;
  hardlink = archive_entry_hardlink_utf8 (ae);
  if (hardlink == NULL)
    hardlink = archive_entry_hardlink (ae);
  if (hardlink != NULL)
    {
      mode = (mode & ~S_IFMT) | S_IFREG;
      size = tar_scan_link_size (scan, hardlink);
    }

  entry = file_entry_new (scan->folder, clean, mode, size, archive_entry_mtime (ae));
  file_entry_set_owner (entry, archive_entry_uid (ae), archive_entry_gid (ae),
                        archive_entry_uname_utf8 (ae), archive_entry_gname_utf8 (ae));
  symlink = archive_entry_symlink_utf8 (ae);
  if (symlink == NULL)
    symlink = archive_entry_symlink (ae);
  if (entry->kind == BERTH_FILE_KIND_SYMLINK && symlink != NULL)
    {
      entry->link_target = g_strdup (symlink);
      entry->size = strlen (symlink);
    }

  tar_scan_add (scan, entry);
}

static gboolean
tar_scan_run (TarScan   *scan,
              TarInput  *input,
              GError   **error)
{
  struct archive_entry *ae;
  int r;

  while ((r = archive_read_next_header (input->archive, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      if (g_cancellable_set_error_if_cancelled (input->cancellable, error))
        return FALSE;

      tar_scan_entry (scan, ae);
      if (archive_read_data_skip (input->archive) < ARCHIVE_WARN)
        return tar_input_fail (input, error);
    }

  if (r != ARCHIVE_EOF)
    return tar_input_fail (input, error);

  tar_scan_flush (scan);
  return TRUE;
}

/**
 * berth_archive_list_tar:
 * @tar: a tar as the engine sends for GET …/archive?path=@folder
 * @folder: the folder's container path, for the entries' paths
 *
 * Lists the folder's own children, as a listing over the archive stream
 * does.
 *
 * Returns: (transfer container) (element-type BerthFileEntry): the entries
 */
GPtrArray *
berth_archive_list_tar (GBytes      *tar,
                        const char  *folder,
                        GError     **error)
{
  TarInput input = { 0 };
  TarScan scan;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (tar != NULL, NULL);

  tar_scan_init (&scan, folder ? folder : "/", NULL, NULL);
  if (tar_input_open (&input, NULL, tar, NULL, error) &&
      tar_scan_run (&scan, &input, error))
    entries = g_steal_pointer (&scan.batch);

  tar_scan_clear (&scan);
  tar_input_clear (&input);
  return entries;
}

static GError *
too_big_error (const char *what,
               guint64     size,
               gsize       max_size)
{
  g_autofree char *have = g_format_size (size);
  g_autofree char *limit = g_format_size (max_size);

  return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                      _("“%s” is %s, too big to show here (at most %s); download it instead"),
                      what, have, limit);
}

static GBytes *
too_big (GError     **error,
         const char  *what,
         guint64      size,
         gsize        max_size)
{
  g_propagate_error (error, too_big_error (what, size, max_size));
  return NULL;
}

/* The contents of the archive's first entry, a regular file. */
static GBytes *
tar_read_first (TarInput  *input,
                gsize      max_size,
                GError   **error)
{
  g_autoptr (GByteArray) data = NULL;
  struct archive_entry *ae;
  const char *name;
  int r;

  r = archive_read_next_header (input->archive, &ae);
  if (r == ARCHIVE_EOF)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("The engine sent an empty archive instead of the file"));
      return NULL;
    }
  if (r < ARCHIVE_WARN)
    {
      tar_input_fail (input, error);
      return NULL;
    }

  name = entry_display_name (ae);
  if (archive_entry_filetype (ae) != AE_IFREG || archive_entry_hardlink (ae) != NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a regular file, so it cannot be shown as text"), name ? name : "");
      return NULL;
    }
  if (archive_entry_size (ae) > 0 && (guint64) archive_entry_size (ae) > max_size)
    return too_big (error, name ? name : "", archive_entry_size (ae), max_size);

  data = g_byte_array_new ();
  for (;;)
    {
      guint8 buffer[16 * 1024];
      la_ssize_t n = archive_read_data (input->archive, buffer, sizeof buffer);

      if (n < 0)
        {
          tar_input_fail (input, error);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_size)
        return too_big (error, name ? name : "", data->len + (gsize) n, max_size);
      g_byte_array_append (data, buffer, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * berth_archive_read_tar:
 * @tar: a tar holding one regular file
 * @max_size: refuse more than this many bytes
 *
 * Returns: (transfer full): the file's contents
 */
GBytes *
berth_archive_read_tar (GBytes  *tar,
                        gsize    max_size,
                        GError **error)
{
  TarInput input = { 0 };
  GBytes *contents = NULL;

  g_return_val_if_fail (tar != NULL, NULL);

  if (tar_input_open (&input, NULL, tar, NULL, error))
    contents = tar_read_first (&input, max_size, error);

  tar_input_clear (&input);
  return contents;
}

/* Extracting tar safely ------------------------------------------------------------
 *
 * Every entry is rebased onto a private folder made next to the download's
 * final name: the archive's root becomes that folder, and only names that
 * stay under the root after removing "." and empty components are allowed
 * (no "..", nothing outside the root, however it is spelled, nothing below
 * a symlink the archive made). libarchive
 * then refuses ".." (SECURE_NODOTDOT) and writing through any symlink
 * (SECURE_SYMLINKS). SECURE_NOABSOLUTEPATHS cannot be used: libarchive
 * resolves relative names against the process's working directory, which
 * a worker thread must not change for everyone, so the rebased names are
 * absolute; the private folder's path is canonical (no symlinks in it) for
 * the symlink check, and our own check above is what keeps absolute names
 * in the archive from landing outside. Ownership is never restored,
 * set-id bits are dropped, device nodes, pipes and sockets are skipped, and
 * the result is renamed to its final name only when complete. */

#define EXTRACT_FLAGS (ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | \
                       ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS)

typedef struct
{
  TarRoot      root;
  const char  *dest;      /* absolute and canonical: where the root goes */
  GHashTable  *links;     /* symlinks made so far, relative to dest */
  guint        skipped;   /* device nodes, pipes, sockets */
} TarExtract;

static gboolean
unsafe_entry (GError     **error,
              const char  *name)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
               _("The archive holds “%s”, which would land outside the download; nothing was saved"),
               name);
  return FALSE;
}

/* Whether a folder on the way to @clean is a symlink the archive made:
 * writing there would write wherever the link points. */
static gboolean
through_link (TarExtract *extract,
              const char *clean)
{
  for (const char *slash = strchr (clean, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      g_autofree char *prefix = g_strndup (clean, slash - clean);

      if (g_hash_table_contains (extract->links, prefix))
        return TRUE;
    }
  return FALSE;
}

/* Returns: (transfer full) (nullable): where @name goes, or %NULL when it
 *   would not stay inside the destination; @clean is its path below it */
static char *
extract_target (TarExtract  *extract,
                const char  *name,
                char       **clean_out)
{
  g_autofree char *clean = NULL;
  const char *rest;
  char *target;

  if (!tar_root_strip (&extract->root, name, &rest) ||
      (clean = clean_relative (rest)) == NULL ||
      through_link (extract, clean))
    return NULL;

  target = *clean ? g_build_filename (extract->dest, clean, NULL) : g_strdup (extract->dest);
  /* libarchive changes the working directory for longer names. */
  if (strlen (target) >= PATH_MAX / 2)
    g_clear_pointer (&target, g_free);
  else if (clean_out != NULL)
    *clean_out = g_steal_pointer (&clean);
  return target;
}

static gboolean
extract_fail (GError         **error,
              struct archive  *disk,
              const char      *name)
{
  const char *message = archive_error_string (disk);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (archive_errno (disk)),
               _("Cannot save “%s”: %s"), name, message ? message : g_strerror (archive_errno (disk)));
  return FALSE;
}

static gboolean
extract_data (TarInput        *input,
              struct archive  *disk,
              const char      *name,
              GError         **error)
{
  const void *buffer;
  size_t size;
  la_int64_t offset;
  int r;

  while ((r = archive_read_data_block (input->archive, &buffer, &size, &offset)) == ARCHIVE_OK)
    {
      if (archive_write_data_block (disk, buffer, size, offset) < ARCHIVE_WARN)
        return extract_fail (error, disk, name);
      if (g_cancellable_set_error_if_cancelled (input->cancellable, error))
        return FALSE;
    }

  if (r != ARCHIVE_EOF)
    return tar_input_fail (input, error);
  return TRUE;
}

static gboolean
extract_entry (TarExtract            *extract,
               TarInput              *input,
               struct archive        *disk,
               struct archive_entry  *ae,
               GError               **error)
{
  /* Copies: libarchive's own strings change with the entry. */
  g_autofree char *name = g_strdup (entry_file_name (ae));
  g_autofree char *hardlink = g_strdup (archive_entry_hardlink (ae));
  g_autofree char *target = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *link_target = NULL;
  guint type = archive_entry_filetype (ae);
  guint perm;

  if (name == NULL || (target = extract_target (extract, name, &clean)) == NULL)
    return unsafe_entry (error, name ? name : "");

  if (hardlink != NULL)
    {
      if ((link_target = extract_target (extract, hardlink, NULL)) == NULL)
        return unsafe_entry (error, hardlink);
      archive_entry_copy_hardlink (ae, link_target);
    }
  else if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
    {
      extract->skipped++;
      return TRUE;
    }

  if (type == AE_IFLNK && hardlink == NULL)
    g_hash_table_add (extract->links, g_steal_pointer (&clean));
  else
    g_hash_table_remove (extract->links, clean);

  archive_entry_copy_pathname (ae, target);
  perm = archive_entry_perm (ae) & 0777;
  if (type == AE_IFDIR)
    perm |= 0700;  /* so what is inside can be written, and removed */
  archive_entry_set_perm (ae, perm);

  if (archive_write_header (disk, ae) < ARCHIVE_WARN)
    return extract_fail (error, disk, name);
  if (archive_entry_size (ae) > 0 && !extract_data (input, disk, name, error))
    return FALSE;
  if (archive_write_finish_entry (disk) < ARCHIVE_WARN)
    return extract_fail (error, disk, name);
  return TRUE;
}

static gboolean
tar_extract_run (TarExtract  *extract,
                 TarInput    *input,
                 GError     **error)
{
  struct archive *disk = archive_write_disk_new ();
  struct archive_entry *ae;
  gboolean ok = TRUE;
  int r;

  archive_write_disk_set_options (disk, EXTRACT_FLAGS);
  extract->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (ok && ((r = archive_read_next_header (input->archive, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN))
    {
      if (g_cancellable_set_error_if_cancelled (input->cancellable, error))
        ok = FALSE;
      else
        ok = extract_entry (extract, input, disk, ae, error);
    }

  if (ok && r != ARCHIVE_EOF)
    ok = tar_input_fail (input, error);
  /* Closing sets folders' permissions and times, last. */
  if (ok && archive_write_close (disk) < ARCHIVE_WARN)
    ok = extract_fail (error, disk, extract->dest);

  if (extract->skipped > 0)
    g_debug ("Skipped %u device nodes, pipes or sockets", extract->skipped);

  archive_write_free (disk);
  g_clear_pointer (&extract->links, g_hash_table_unref);
  return ok;
}

/* Local files ------------------------------------------------------------------------ */

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* @format takes the path, then the system's message. */
static gboolean
local_error (GError     **error,
             int          errsv,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
local_error (GError     **error,
             int          errsv,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (G_IO_ERROR, g_io_error_from_errno (errsv), format, args);
  va_end (args);
  return FALSE;
}

/* Fails unless @local_path can be made: it must not exist yet, and its
 * folder must exist and be writable. */
static gboolean
check_local_target (const char  *local_path,
                    GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (local_path);
  struct stat st;

  if (g_lstat (local_path, &st) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists; choose another name, or remove it first"), local_path);
      return FALSE;
    }

  if (g_stat (parent, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist; choose a folder that does"), parent);
      return FALSE;
    }

  if (access (parent, W_OK | X_OK) != 0)
    return local_error (error, errno, _("Cannot save in “%s”: %s"), parent, g_strerror (errno));

  return TRUE;
}

/* Renames, refusing to replace anything that appeared meanwhile. */
static gboolean
rename_noreplace (const char  *from,
                  const char  *to,
                  GError     **error)
{
  int errsv = 0;
  struct stat st;

#ifdef SYS_renameat2
  if (syscall (SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  errsv = errno;
#endif

  /* Filesystems without RENAME_NOREPLACE: check, then rename. */
  if (errsv == 0 || errsv == EINVAL || errsv == ENOSYS)
    {
      if (g_lstat (to, &st) == 0)
        errsv = EEXIST;
      else if (g_rename (from, to) == 0)
        return TRUE;
      else
        errsv = errno;
    }

  if (errsv == EEXIST)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists; choose another name, or remove it first"), to);
      return FALSE;
    }
  return local_error (error, errsv, _("Cannot save “%s”: %s"), to, g_strerror (errsv));
}

/* Removes what we made, never following a symlink. */
static void
remove_tree (const char *path)
{
  struct stat st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));
}

/* A private folder beside @local_path (same filesystem, so the result can
 * be renamed into place), with a canonical path.
 *
 * Returns: (transfer full): its path */
static char *
make_temp_dir (const char  *local_path,
               GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (local_path);
  g_autofree char *base = g_path_get_basename (local_path);
  g_autofree char *template = NULL;
  char *canonical;

  canonical = realpath (parent, NULL);
  if (canonical == NULL)
    {
      local_error (error, errno, _("Cannot save in “%s”: %s"), parent, g_strerror (errno));
      return NULL;
    }

  /* Keep the name short enough for any filesystem. */
  if (strlen (base) > 64)
    base[64] = '\0';
  template = g_strdup_printf ("%s/.%s.berth-XXXXXX", strcmp (canonical, "/") == 0 ? "" : canonical, base);
  free (canonical);

  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      local_error (error, errno, _("Cannot save in “%s”: %s"), parent, g_strerror (errno));
      return NULL;
    }

  return g_steal_pointer (&template);
}

/* Extracts the whole stream beside @local_path, then renames it into place.
 * On any failure nothing is left behind. */
static gboolean
extract_to (TarInput    *input,
            const char  *local_path,
            GError     **error)
{
  g_autofree char *temp = NULL;
  g_autofree char *dest = NULL;
  TarExtract extract = { 0 };
  struct stat st;
  gboolean ok;

  if (!check_local_target (local_path, error) ||
      (temp = make_temp_dir (local_path, error)) == NULL)
    return FALSE;

  dest = g_build_filename (temp, "content", NULL);
  extract.dest = dest;
  ok = tar_extract_run (&extract, input, error);
  if (ok && g_lstat (dest, &st) != 0)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("The engine sent an empty archive; nothing was saved"));
      ok = FALSE;
    }
  ok = ok && rename_noreplace (dest, local_path, error);

  remove_tree (temp);
  g_free (extract.root.root);
  return ok;
}

/**
 * berth_archive_extract_tar:
 * @tar: a tar as the engine sends for GET …/archive
 * @local_path: the file or folder to create; it must not exist
 *
 * Extracts @tar exactly as a download does, synchronously: the archive's
 * root becomes @local_path; entries that would land outside it fail the
 * whole extraction, and then nothing is left behind.
 */
gboolean
berth_archive_extract_tar (GBytes      *tar,
                           const char  *local_path,
                           GError     **error)
{
  TarInput input = { 0 };
  gboolean ok;

  g_return_val_if_fail (tar != NULL, FALSE);
  g_return_val_if_fail (local_path != NULL && g_path_is_absolute (local_path), FALSE);

  ok = tar_input_open (&input, NULL, tar, NULL, error) &&
       extract_to (&input, local_path, error);

  tar_input_clear (&input);
  return ok;
}

/* Writing tar ---------------------------------------------------------------------- */

typedef void (*TarWrittenFunc) (guint64  done,
                                guint64  total,
                                gboolean last,
                                gpointer user_data);

typedef struct
{
  struct archive *archive;
  GSocket        *socket;
  GCancellable   *cancellable;
  GError         *error;        /* why the socket failed, if it did */
  char           *buffer;
  guint64         done;
  guint64         total;
  TarWrittenFunc  written;
  gpointer        written_data;
} TarWriter;

static la_ssize_t
tar_writer_write_cb (struct archive *archive,
                     void           *user_data,
                     const void     *buffer,
                     size_t          length)
{
  TarWriter *writer = user_data;
  gsize sent = 0;

  while (sent < length)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_socket_send (writer->socket, (const char *) buffer + sent, length - sent,
                                writer->cancellable, &error);

      if (n < 0)
        {
          archive_set_error (archive, EIO, "%s", error->message);
          if (writer->error == NULL)
            writer->error = g_steal_pointer (&error);
          return -1;
        }
      sent += n;
    }

  return length;
}

static gboolean
tar_writer_fail (TarWriter  *writer,
                 GError    **error)
{
  const char *message = archive_error_string (writer->archive);

  if (writer->error != NULL)
    g_propagate_error (error, g_steal_pointer (&writer->error));
  else if (!g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                 _("Cannot send the files to the engine: %s"), message ? message : _("unknown error"));
  return FALSE;
}

/* Adds up the bytes to send, and checks that everything can be read. */
static gboolean
measure_local (const char    *local,
               guint64       *total,
               GCancellable  *cancellable,
               GError       **error)
{
  struct stat st;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (g_lstat (local, &st) != 0)
    return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));

  if (S_ISREG (st.st_mode))
    *total += st.st_size;
  else if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = NULL;
      g_autoptr (GError) dir_error = NULL;
      const char *name;

      dir = g_dir_open (local, 0, &dir_error);
      if (dir == NULL)
        return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (local, name, NULL);

          if (!measure_local (child, total, cancellable, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
set_entry_name (struct archive_entry *entry,
                const char           *name)
{
  if (g_utf8_validate (name, -1, NULL))
    archive_entry_update_pathname_utf8 (entry, name);
  else
    archive_entry_copy_pathname (entry, name);
}

static gboolean
tar_writer_add (TarWriter   *writer,
                const char  *local,
                const char  *name,
                GError     **error);

static gboolean
tar_writer_add_data (TarWriter   *writer,
                     int          fd,
                     const char  *local,
                     guint64      size,
                     GError     **error)
{
  guint64 left = size;

  while (left > 0)
    {
      gssize n = read (fd, writer->buffer, MIN (left, CHUNK_SIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));
      if (n == 0)
        break;  /* it shrank; libarchive pads the entry */
      if (archive_write_data (writer->archive, writer->buffer, n) < 0)
        return tar_writer_fail (writer, error);

      left -= n;
      writer->done += n;
      if (writer->written != NULL)
        writer->written (writer->done, writer->total, FALSE, writer->written_data);
      if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
tar_writer_add_children (TarWriter   *writer,
                         const char  *local,
                         const char  *name,
                         GError     **error)
{
  g_autoptr (GDir) dir = g_dir_open (local, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *child;

  if (dir == NULL)
    return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));

  while ((child = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (child));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      g_autofree char *child_local = g_build_filename (local, base, NULL);
      g_autofree char *child_name = g_strconcat (name, "/", base, NULL);

      if (!tar_writer_add (writer, child_local, child_name, error))
        return FALSE;
    }

  return TRUE;
}

/* Adds @local as @name; folders with everything inside, symlinks as
 * symlinks. Owners become root, as docker cp does. */
static gboolean
tar_writer_add (TarWriter   *writer,
                const char  *local,
                const char  *name,
                GError     **error)
{
  struct archive_entry *entry;
  g_autofree char *link = NULL;
  struct stat st;
  gboolean ok = TRUE;
  int fd = -1;

  if (g_lstat (local, &st) != 0)
    return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));
  if (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode) && !S_ISLNK (st.st_mode))
    {
      g_debug ("Not uploading %s: not a file, folder or symlink", local);
      return TRUE;
    }

  if (S_ISLNK (st.st_mode) && (link = g_file_read_link (local, error)) == NULL)
    return FALSE;
  if (S_ISREG (st.st_mode) && (fd = g_open (local, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0)) < 0)
    return local_error (error, errno, _("Cannot read “%s”: %s"), local, g_strerror (errno));

  entry = archive_entry_new ();
  archive_entry_copy_stat (entry, &st);
  set_entry_name (entry, name);
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  archive_entry_set_nlink (entry, 1);
  if (!S_ISREG (st.st_mode))
    archive_entry_set_size (entry, 0);
  if (link != NULL)
    archive_entry_copy_symlink (entry, link);

  if (archive_write_header (writer->archive, entry) < ARCHIVE_WARN)
    ok = tar_writer_fail (writer, error);
  else if (fd >= 0)
    ok = tar_writer_add_data (writer, fd, local, st.st_size, error);
  else if (S_ISDIR (st.st_mode))
    ok = tar_writer_add_children (writer, local, name, error);

  if (fd >= 0)
    close (fd);
  archive_entry_free (entry);
  return ok;
}

/* Streams @sources (local paths) as one tar into @socket, each under its
 * own name. */
static gboolean
write_tar (GSocket         *socket,
           char           **sources,
           TarWrittenFunc   written,
           gpointer         written_data,
           GCancellable    *cancellable,
           GError         **error)
{
  TarWriter writer = { 0 };
  gboolean ok = TRUE;

  for (guint i = 0; ok && sources[i] != NULL; i++)
    ok = measure_local (sources[i], &writer.total, cancellable, error);
  if (!ok)
    return FALSE;

  writer.socket = socket;
  writer.cancellable = cancellable;
  writer.written = written;
  writer.written_data = written_data;
  writer.buffer = g_malloc (CHUNK_SIZE);
  writer.archive = archive_write_new ();
  archive_write_set_format_pax_restricted (writer.archive);
  archive_write_add_filter_none (writer.archive);
  archive_write_set_bytes_in_last_block (writer.archive, 1);

  if (written != NULL)
    written (0, writer.total, FALSE, written_data);

  if (archive_write_open2 (writer.archive, &writer, NULL, tar_writer_write_cb, NULL, NULL) != ARCHIVE_OK)
    ok = tar_writer_fail (&writer, error);

  for (guint i = 0; ok && sources[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (sources[i]);

      ok = tar_writer_add (&writer, sources[i], name, error);
    }

  /* Closing writes the end-of-archive blocks; without them the engine
   * would not know the archive is complete. */
  if (ok && archive_write_close (writer.archive) != ARCHIVE_OK)
    ok = tar_writer_fail (&writer, error);
  if (ok && written != NULL)
    written (writer.done, writer.total, TRUE, written_data);

  archive_write_free (writer.archive);
  g_free (writer.buffer);
  g_clear_error (&writer.error);
  return ok;
}

/* Jobs -------------------------------------------------------------------------------
 *
 * One archive operation: the request chain on the main thread, the tar
 * code on a worker thread of its own (a transfer can block on the socket
 * for as long as the engine takes, which must not starve GLib's shared
 * pool), and the socket pair between them. Only the main thread drops
 * references to a job: the worker borrows the one held by the operation's
 * GTask, which outlives it, and what it sends back goes through idles on
 * the caller's main context. */

typedef enum
{
  JOB_LIST,
  JOB_DOWNLOAD,
  JOB_READ,
  JOB_UPLOAD,
} JobKind;

typedef struct _ArchiveJob ArchiveJob;

typedef gboolean (*JobWorker) (ArchiveJob  *job,
                               GError     **error);
typedef void     (*JobStep)   (GTask       *task);

#define PROGRESS_USEC (100 * 1000)
#define MAX_LINK_HOPS 16

struct _ArchiveJob
{
  gint                       ref_count;
  JobKind                    kind;
  GMainContext              *context;
  BerthEngine               *engine;
  GCancellable              *cancellable;           /* the caller's, or NULL */
  GCancellable              *transfer_cancellable;  /* stops the engine side */
  gulong                     cancelled_id;

  /* What the operation is about */
  char                      *container;
  char                      *path;                  /* as asked, normalised */
  char                      *target;                /* after following symlinks */
  gboolean                   follow_links;
  guint                      hops;
  JobStep                    resolved;
  BerthFileEntry            *entry;                 /* the stat of target */
  BerthArchiveListFlags      flags;
  BerthArchiveListMethod     method;
  gboolean                   running;
  char                      *local_path;
  char                     **sources;
  gboolean                   overwrite;
  gsize                      max_size;
  GBytes                    *contents;
  GByteArray                *exec_output;

  /* The bridge */
  GSocket                   *main_socket;
  GSocket                   *worker_socket;
  GIOStream                 *main_stream;
  GInputStream              *response;
  GBytes                    *chunk;
  JobWorker                  worker;

  /* Main thread only, but for worker_error which the worker sets before
   * it hands back */
  gboolean                   engine_done;
  gboolean                   worker_done;
  gboolean                   finished;
  GError                    *engine_error;
  GError                    *worker_error;

  /* Progress: counted by the pump (downloads) or the worker (uploads) */
  guint64                    done;
  guint64                    total;
  gint64                     last_progress;

  BerthTransferProgressFunc  progress_func;
  gpointer                   progress_data;
  GDestroyNotify             progress_destroy;
  BerthFileEntriesFunc       entries_func;
  gpointer                   entries_data;
  GDestroyNotify             entries_destroy;
};

static void
job_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  ArchiveJob *job = user_data;

  g_cancellable_cancel (job->transfer_cancellable);
}

static ArchiveJob *
job_new (BerthEngine  *engine,
         JobKind       kind,
         const char   *container,
         const char   *path,
         GCancellable *cancellable)
{
  ArchiveJob *job = g_new0 (ArchiveJob, 1);

  job->ref_count = 1;
  job->kind = kind;
  job->context = g_main_context_ref_thread_default ();
  job->engine = g_object_ref (engine);
  job->container = g_strdup (container);
  job->path = berth_archive_path_normalize (path);
  job->target = g_strdup (job->path);
  job->follow_links = TRUE;
  job->transfer_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      job->cancellable = g_object_ref (cancellable);
      job->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (job_cancelled_cb), job, NULL);
    }
  return job;
}

static ArchiveJob *
job_ref (ArchiveJob *job)
{
  g_atomic_int_inc (&job->ref_count);
  return job;
}

static void
job_unref (ArchiveJob *job)
{
  if (!g_atomic_int_dec_and_test (&job->ref_count))
    return;

  if (job->cancellable != NULL)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->transfer_cancellable);

  if (job->main_socket != NULL)
    g_socket_close (job->main_socket, NULL);
  if (job->worker_socket != NULL)
    g_socket_close (job->worker_socket, NULL);
  g_clear_object (&job->main_stream);
  g_clear_object (&job->main_socket);
  g_clear_object (&job->worker_socket);
  g_clear_object (&job->response);
  g_clear_pointer (&job->chunk, g_bytes_unref);

  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  if (job->entries_destroy != NULL)
    job->entries_destroy (job->entries_data);

  g_clear_error (&job->engine_error);
  g_clear_error (&job->worker_error);
  g_clear_object (&job->entry);
  g_clear_pointer (&job->contents, g_bytes_unref);
  g_clear_pointer (&job->exec_output, g_byte_array_unref);
  g_free (job->container);
  g_free (job->path);
  g_free (job->target);
  g_free (job->local_path);
  g_strfreev (job->sources);
  g_clear_object (&job->engine);
  g_main_context_unref (job->context);
  g_free (job);
}

static GTask *
job_task_new (ArchiveJob          *job,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (job->engine, job->cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_unref);
  return task;
}

/* Ends the operation now; later notices are dropped. */
static void
job_fail (GTask  *task,
          GError *error)
{
  ArchiveJob *job = g_task_get_task_data (task);
  GError *cancelled = NULL;

  job->finished = TRUE;
  g_cancellable_cancel (job->transfer_cancellable);
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &cancelled))
    {
      g_error_free (error);
      error = cancelled;
    }
  g_task_return_error (task, error);
}

/* Batches and progress, on the caller's main context. */
typedef struct
{
  ArchiveJob *job;
  GPtrArray  *entries;
  guint64     done;
  guint64     total;
} JobNotice;

static void
job_notice_free (JobNotice *notice)
{
  g_clear_pointer (&notice->entries, g_ptr_array_unref);
  job_unref (notice->job);
  g_free (notice);
}

static gboolean
job_notice_cb (gpointer user_data)
{
  JobNotice *notice = user_data;
  ArchiveJob *job = notice->job;

  if (job->finished || g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;

  if (notice->entries != NULL && job->entries_func != NULL)
    job->entries_func (notice->entries, job->entries_data);
  else if (notice->entries == NULL && job->progress_func != NULL)
    job->progress_func (notice->done, notice->total, job->progress_data);

  return G_SOURCE_REMOVE;
}

/* From any thread; takes @entries. */
static void
job_post (ArchiveJob *job,
          GPtrArray  *entries,
          guint64     done,
          guint64     total)
{
  JobNotice *notice = g_new0 (JobNotice, 1);

  notice->job = job_ref (job);
  notice->entries = entries;
  notice->done = done;
  notice->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, job_notice_cb, notice,
                              (GDestroyNotify) job_notice_free);
}

/* From the one thread that counts this job's bytes. */
static void
job_progress (ArchiveJob *job,
              guint64     done,
              guint64     total,
              gboolean    last)
{
  gint64 now;

  if (job->progress_func == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!last && now - job->last_progress < PROGRESS_USEC)
    return;
  job->last_progress = now;

  /* Tar headers make a file's download a little bigger than the file. */
  if (total > 0 && (done > total || last))
    done = total;
  job_post (job, NULL, done, total);
}

static void
job_complete (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->finished || !job->engine_done || !job->worker_done)
    return;

  if (job->response != NULL)
    g_input_stream_close_async (job->response, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error) ||
      (error = g_steal_pointer (&job->engine_error)) != NULL ||
      (error = g_steal_pointer (&job->worker_error)) != NULL)
    {
      job_fail (task, error);
      return;
    }

  if (job->kind == JOB_DOWNLOAD)
    job_progress (job, job->done, job->total, TRUE);

  job->finished = TRUE;
  switch (job->kind)
    {
    case JOB_LIST:
      g_task_return_pointer (task, g_object_ref (job->entry), g_object_unref);
      break;
    case JOB_READ:
      g_task_return_pointer (task, g_steal_pointer (&job->contents), (GDestroyNotify) g_bytes_unref);
      break;
    case JOB_DOWNLOAD:
    case JOB_UPLOAD:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

/* The worker thread ----------------------------------------------------------------- */

static gboolean
job_worker_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);

  job->worker_done = TRUE;
  /* Close our end: a pump still writing stops. An upload's last bytes stay
   * readable by the other end. */
  g_socket_close (job->worker_socket, NULL);
  if (job->worker_error != NULL || job->kind != JOB_UPLOAD)
    g_cancellable_cancel (job->transfer_cancellable);

  job_complete (task);
  return G_SOURCE_REMOVE;
}

static gpointer
job_worker_thread (gpointer user_data)
{
  GTask *task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!job->worker (job, &error))
    job->worker_error = error;

  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, job_worker_done_cb, task, g_object_unref);
  return NULL;
}

static gboolean
job_open_bridge (ArchiveJob  *job,
                 GError     **error)
{
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return local_error (error, errno, _("Cannot start the transfer: %s"), g_strerror (errno));

  job->main_socket = g_socket_new_from_fd (fds[0], error);
  if (job->main_socket == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }

  job->worker_socket = g_socket_new_from_fd (fds[1], error);
  if (job->worker_socket == NULL)
    {
      close (fds[1]);
      return FALSE;
    }

  job->main_stream = G_IO_STREAM (g_socket_connection_factory_create_connection (job->main_socket));
  return TRUE;
}

static gboolean
job_start_worker (GTask      *task,
                  JobWorker   worker,
                  GError    **error)
{
  ArchiveJob *job = g_task_get_task_data (task);
  GThread *thread;

  if (!job_open_bridge (job, error))
    return FALSE;

  job->worker = worker;
  thread = g_thread_try_new ("berth-archive", job_worker_thread, g_object_ref (task), error);
  if (thread == NULL)
    {
      g_object_unref (task);
      return FALSE;
    }

  g_thread_unref (thread);
  return TRUE;
}

/* The pump: the engine's answer into the bridge ---------------------------------------- */

static void job_pump (GTask *task);

static void
job_engine_finished (GTask  *task,
                     GError *error)
{
  ArchiveJob *job = g_task_get_task_data (task);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      job->engine_error == NULL)
    job->engine_error = error;
  else
    g_clear_error (&error);

  /* What has not come will not come: the worker reads to the end. */
  if (job->main_socket != NULL && !g_socket_is_closed (job->main_socket))
    g_socket_shutdown (job->main_socket, FALSE, TRUE, NULL);

  job->engine_done = TRUE;
  job_complete (task);
}

static void
job_pump_write_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&job->chunk, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The worker stopped reading: it has what it needs, or it failed and
       * says why itself. */
      g_debug ("Archive transfer: the reading side stopped: %s", error->message);
      job_engine_finished (task, NULL);
      return;
    }

  job_pump (g_steal_pointer (&task));
}

static void
job_pump_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GBytes *bytes;
  const guint8 *data;
  gsize size = 0;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("The engine stopped sending before the end: "));
      job_engine_finished (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      g_bytes_unref (bytes);
      job_engine_finished (task, NULL);
      return;
    }

  job->chunk = bytes;
  data = g_bytes_get_data (bytes, &size);
  job->done += size;
  job_progress (job, job->done, job->total, FALSE);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (job->main_stream), data, size,
                                   G_PRIORITY_DEFAULT, job->transfer_cancellable,
                                   job_pump_write_cb, g_steal_pointer (&task));
}

static void
job_pump (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (job->response, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->transfer_cancellable, job_pump_read_cb, task);
}

static void
job_get_archive_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->response = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (job->response == NULL || !job_start_worker (task, job->worker, &error))
    {
      job_fail (task, error);
      return;
    }

  job_pump (g_steal_pointer (&task));
}

/* GET …/archive?path=target, read by @worker. Takes @task. */
static void
job_get_archive (GTask     *task,
                 JobWorker  worker)
{
  ArchiveJob *job = g_task_get_task_data (task);
  g_autofree char *request = archive_request (job->container, job->target, NULL);
  g_autoptr (SoupMessage) message = berth_engine_new_message (job->engine, SOUP_METHOD_GET, request);

  job->worker = worker;
  berth_engine_send_async (job->engine, message, job->transfer_cancellable, job_get_archive_cb, task);
}

/* Stat ---------------------------------------------------------------------------------- */

typedef struct
{
  char        *container;
  char        *path;
  SoupMessage *message;
  GError      *error;    /* the HEAD's, while better words are looked for */
} StatData;

static void
stat_data_free (StatData *data)
{
  g_free (data->container);
  g_free (data->path);
  g_clear_object (&data->message);
  g_clear_error (&data->error);
  g_free (data);
}

static void
stat_container_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  StatData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  GError *error = NULL;

  /* "No such container: web" says it best when the container is gone. */
  node = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND,
                             _("There is no “%s” in this container"), data->path);
}

static void
stat_explain_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  StatData *data = g_task_get_task_data (task);
  g_autoptr (GInputStream) stream = NULL;
  GError *error = NULL;

  /* A GET carries the engine's own words, which a HEAD cannot. */
  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (stream != NULL)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&data->error));
    }
  else
    g_task_return_error (task, error);
}

static void
stat_head_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *engine = BERTH_ENGINE (object);
  StatData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;
  BerthFileEntry *entry;
  const char *header;

  body = berth_engine_send_and_read_finish (engine, result, &error);
  if (body == NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (SoupMessage) message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || berth_engine_error_is_connection (error))
        {
          g_task_return_error (task, error);
          return;
        }

      data->error = error;
      if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        {
          g_autofree char *id = berth_engine_escape (data->container);

          path = g_strdup_printf ("/containers/%s/json", id);
          berth_engine_get_json_async (engine, path, cancellable, stat_container_cb, g_steal_pointer (&task));
          return;
        }

      path = archive_request (data->container, data->path, NULL);
      message = berth_engine_new_message (engine, SOUP_METHOD_GET, path);
      berth_engine_send_async (engine, message, cancellable, stat_explain_cb, g_steal_pointer (&task));
      return;
    }

  header = soup_message_headers_get_one (soup_message_get_response_headers (data->message),
                                         "X-Docker-Container-Path-Stat");
  entry = berth_archive_decode_path_stat (data->path, header, &error);
  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, g_object_unref);
}

/**
 * berth_archive_stat_async:
 * @container: a container id or name
 * @path: a path in it
 *
 * Asks what @path is (HEAD …/archive?path=), without following a final
 * symlink. A path that does not exist fails with
 * %BERTH_ENGINE_ERROR_NOT_FOUND and a message saying so (or the engine's,
 * when the container itself is gone).
 */
void
berth_archive_stat_async (BerthEngine         *engine,
                          const char          *container,
                          const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *request = NULL;
  StatData *data;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_archive_stat_async);
  data = g_new0 (StatData, 1);
  data->container = g_strdup (container);
  data->path = berth_archive_path_normalize (path);
  g_task_set_task_data (task, data, (GDestroyNotify) stat_data_free);

  request = archive_request (container, data->path, NULL);
  data->message = berth_engine_new_message (engine, SOUP_METHOD_HEAD, request);
  berth_engine_send_and_read_async (engine, data->message, cancellable, stat_head_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the path's entry */
BerthFileEntry *
berth_archive_stat_finish (BerthEngine   *engine,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Following symlinks to what they name ---------------------------------------------- */

static GError *
not_a_folder (BerthFileEntry *entry)
{
  return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                      _("“%s” is not a folder"), entry->path);
}

static void job_resolve_step (GTask *task);

static void
job_resolve_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (BerthFileEntry) entry = NULL;
  g_autofree char *parent = NULL;
  GError *error = NULL;

  entry = berth_archive_stat_finish (BERTH_ENGINE (object), result, &error);
  if (entry == NULL)
    {
      job_fail (task, error);
      return;
    }

  if (!job->follow_links || entry->kind != BERTH_FILE_KIND_SYMLINK || entry->link_target == NULL)
    {
      job->entry = g_steal_pointer (&entry);
      job->resolved (g_steal_pointer (&task));
      return;
    }

  if (++job->hops > MAX_LINK_HOPS)
    {
      job_fail (task, g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                                   _("“%s” is a link that leads in circles"), job->path));
      return;
    }

  /* The engine gives the target resolved from "/"; a relative one is
   * relative to the link's folder. */
  parent = berth_archive_path_parent (job->target);
  g_free (job->target);
  job->target = berth_archive_path_join (g_path_is_absolute (entry->link_target) ? "/" : parent,
                                         entry->link_target);
  job_resolve_step (g_steal_pointer (&task));
}

static void
job_resolve_step (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  berth_archive_stat_async (job->engine, job->container, job->target, job->transfer_cancellable,
                            job_resolve_cb, task);
}

/* Stats the job's path, following symlinks when asked, then goes on with
 * @resolved. Takes @task. */
static void
job_resolve (GTask   *task,
             JobStep  resolved)
{
  ArchiveJob *job = g_task_get_task_data (task);

  job->resolved = resolved;
  job->hops = 0;
  job_resolve_step (task);
}

/* Listing a folder ------------------------------------------------------------------------
 *
 * The archive API can only send a folder with everything below it: listing
 * /usr that way streams all of /usr. In a running container one exec of sh
 * and stat (busybox and coreutils both have them) lists one level for the
 * price of its names, so that is tried first there. Stopped containers,
 * images, and containers without sh or stat read the archive stream: on
 * the worker thread, only the folder's own children kept, data skipped,
 * entries handed over in batches as they come; memory stays bounded and
 * the listing can be cancelled, but the bytes still flow. */

/* Names come from globs, never quoted; the "%N" pass only tells symlink
 * targets ("'a' -> 'b'" from busybox, "a -> b" from coreutils in the
 * literal style). Exit 97/98 (no folder, no stat) make us fall back. */
static const char LIST_SCRIPT[] =
  "cd -- \"$1\" || exit 97\n"
  "stat -c '%f|%s|%u|%g|%Y|%U|%G|%n' -- * .[!.]* ..?* 2>/dev/null\n"
  "[ $? -lt 126 ] || exit 98\n"
  "echo //\n"
  "stat -c '%N' -- * .[!.]* ..?* 2>/dev/null\n"
  "echo //end\n";

#define EXEC_OUTPUT_MAX (32 * 1024 * 1024)

static char *
link_target_from (const char *line,
                  const char *name)
{
  g_autofree char *quoted = g_strdup_printf ("'%s' -> ", name);
  g_autofree char *plain = g_strdup_printf ("%s -> ", name);
  const char *rest;
  gsize len;

  if (g_str_has_prefix (line, quoted))
    rest = line + strlen (quoted);
  else if (g_str_has_prefix (line, plain))
    rest = line + strlen (plain);
  else
    return NULL;

  len = strlen (rest);
  if (len >= 2 && rest[0] == '\'' && rest[len - 1] == '\'')
    return g_strndup (rest + 1, len - 2);
  return g_strdup (rest);
}

static gboolean
parse_number (const char *text,
              guint       base,
              guint64    *value)
{
  return g_ascii_string_to_unsigned (text, base, 0, G_MAXUINT64, value, NULL);
}

static BerthFileEntry *
parse_listing_record (const char *folder,
                      const char *line)
{
  g_auto (GStrv) fields = g_strsplit (line, "|", 8);
  guint64 mode, size, uid, gid, mtime;
  BerthFileEntry *entry;
  const char *name;

  if (g_strv_length (fields) != 8 ||
      !parse_number (fields[0], 16, &mode) || mode > G_MAXUINT32 ||
      !parse_number (fields[1], 10, &size) ||
      !parse_number (fields[2], 10, &uid) ||
      !parse_number (fields[3], 10, &gid) ||
      !parse_number (fields[4], 10, &mtime) || mtime > G_MAXINT64)
    return NULL;

  name = fields[7];
  if (*name == '\0' || strchr (name, '/') != NULL || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return NULL;

  entry = file_entry_new (folder, name, (guint) mode, size, (gint64) mtime);
  file_entry_set_owner (entry, (gint64) uid, (gint64) gid, fields[5], fields[6]);
  return entry;
}

static gpointer
bad_listing (GError     **error,
             const char  *folder)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
               _("The listing of “%s” from inside the container cannot be read"), folder);
  return NULL;
}

/**
 * berth_archive_parse_listing:
 * @folder: the folder that was listed
 * @output: what the listing exec wrote to its standard output
 *
 * Returns: (transfer container) (element-type BerthFileEntry): the entries,
 *   or %NULL when the output is not a complete listing (then the archive
 *   is read instead)
 */
GPtrArray *
berth_archive_parse_listing (const char  *folder,
                             const char  *output,
                             gsize        length,
                             GError     **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint middle = 0, end, count;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (output != NULL || length == 0, NULL);

  text = g_strndup (output ? output : "", length);
  lines = g_strsplit (text, "\n", -1);
  count = g_strv_length (lines);

  while (middle < count && strcmp (lines[middle], "//") != 0)
    middle++;
  end = middle + 1;
  while (end < count && strcmp (lines[end], "//end") != 0)
    end++;
  if (end >= count || end - middle - 1 != middle)
    return bad_listing (error, folder);

  for (guint i = 0; i < middle; i++)
    {
      BerthFileEntry *entry = parse_listing_record (folder, lines[i]);

      if (entry == NULL)
        return bad_listing (error, folder);
      if (entry->kind == BERTH_FILE_KIND_SYMLINK)
        entry->link_target = link_target_from (lines[middle + 1 + i], entry->name);
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

static void list_archive (GTask *task);

static void
list_flush (GPtrArray *batch,
            gpointer   user_data)
{
  job_post (user_data, batch, 0, 0);
}

static gboolean
list_worker (ArchiveJob  *job,
             GError     **error)
{
  TarInput input = { 0 };
  TarScan scan;
  gboolean ok;

  tar_scan_init (&scan, job->path, list_flush, job);
  ok = tar_input_open (&input, job->worker_socket, NULL, job->cancellable, error) &&
       tar_scan_run (&scan, &input, error);

  tar_scan_clear (&scan);
  tar_input_clear (&input);
  return ok;
}

static void
list_archive (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  job->method = BERTH_ARCHIVE_LIST_METHOD_ARCHIVE;
  job_get_archive (task, list_worker);
}

/* The exec failed for a reason the archive does not share (no sh, no
 * stat, no permission): read the archive. Takes @task and @error. */
static void
list_exec_fall_back (GTask  *task,
                     GError *error)
{
  ArchiveJob *job = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || berth_engine_error_is_connection (error))
    {
      job_fail (task, error);
      g_object_unref (task);
      return;
    }

  g_debug ("Listing %s with exec failed (%s); reading the archive instead", job->target, error->message);
  g_error_free (error);
  if (job->response != NULL)
    g_input_stream_close_async (job->response, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&job->response);
  g_clear_pointer (&job->exec_output, g_byte_array_unref);
  list_archive (task);
}

typedef struct
{
  char   *folder;
  GBytes *output;
} ExecParse;

static void
exec_parse_free (ExecParse *parse)
{
  g_free (parse->folder);
  g_bytes_unref (parse->output);
  g_free (parse);
}

static void
exec_parse_frame_cb (const BerthFrame *frame,
                     gpointer          user_data)
{
  if (frame->stream == BERTH_STREAM_STDOUT)
    g_byte_array_append (user_data, frame->data, frame->length);
}

static void
exec_parse_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ExecParse *parse = task_data;
  g_autoptr (BerthDemuxer) demuxer = berth_demuxer_new (FALSE);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  GError *error = NULL;
  GPtrArray *entries;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (parse->output, &len);

  if (!berth_demuxer_feed (demuxer, data, len, exec_parse_frame_cb, out, &error) ||
      !berth_demuxer_finish (demuxer, exec_parse_frame_cb, out, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  entries = berth_archive_parse_listing (parse->folder, (const char *) out->data, out->len, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_exec_parsed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) entries = NULL;
  GError *error = NULL;

  entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (entries == NULL)
    {
      list_exec_fall_back (g_steal_pointer (&task), error);
      return;
    }

  job->method = BERTH_ARCHIVE_LIST_METHOD_EXEC;
  for (guint i = 0; i < entries->len; i += SCAN_BATCH_SIZE)
    {
      GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (entries->len, i + SCAN_BATCH_SIZE); j++)
        g_ptr_array_add (batch, g_object_ref (g_ptr_array_index (entries, j)));
      job_post (job, batch, 0, 0);
    }

  job->engine_done = TRUE;
  job->worker_done = TRUE;
  job_complete (task);
}

static void list_exec_read (GTask *task);

static void
list_exec_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GBytes) bytes = NULL;
  GTask *parse_task;
  ExecParse *parse;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      list_exec_fall_back (g_steal_pointer (&task), error);
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      g_byte_array_append (job->exec_output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (job->exec_output->len > EXEC_OUTPUT_MAX)
        list_exec_fall_back (g_steal_pointer (&task),
                             g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                                  "listing too long"));
      else
        list_exec_read (g_steal_pointer (&task));
      return;
    }

  parse = g_new0 (ExecParse, 1);
  parse->folder = g_strdup (job->path);
  parse->output = g_byte_array_free_to_bytes (g_steal_pointer (&job->exec_output));
  parse_task = g_task_new (NULL, job->transfer_cancellable, list_exec_parsed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (parse_task, list_exec_read_cb);
  g_task_set_task_data (parse_task, parse, (GDestroyNotify) exec_parse_free);
  g_task_run_in_thread (parse_task, exec_parse_thread);
  g_object_unref (parse_task);
}

static void
list_exec_read (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (job->response, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->transfer_cancellable, list_exec_read_cb, task);
}

static void
list_exec_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->response = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (job->response == NULL)
    {
      list_exec_fall_back (g_steal_pointer (&task), error);
      return;
    }

  job->exec_output = g_byte_array_new ();
  list_exec_read (g_steal_pointer (&task));
}

static void
list_exec_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  JsonObject *obj = NULL;
  const char *id = NULL;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error == NULL &&
      _berth_json_node_object (node, "exec", &obj, &error))
    _berth_json_get_string (obj, "Id", BERTH_JSON_REQUIRED, &id, &error);
  if (error != NULL)
    {
      list_exec_fall_back (g_steal_pointer (&task), error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Detach");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "Tty");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  escaped = berth_engine_escape (id);
  path = g_strdup_printf ("/exec/%s/start", escaped);
  message = berth_engine_new_message (job->engine, SOUP_METHOD_POST, path);
  berth_engine_set_json_body (message, body);
  berth_engine_send_async (job->engine, message, job->transfer_cancellable,
                           list_exec_started_cb, g_steal_pointer (&task));
}

static JsonNode *
list_exec_body (const char *folder)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AttachStdout");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "AttachStderr");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "Tty");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "Env");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "QUOTING_STYLE=literal");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "Cmd");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "sh");
  json_builder_add_string_value (builder, "-c");
  json_builder_add_string_value (builder, LIST_SCRIPT);
  json_builder_add_string_value (builder, "sh");
  json_builder_add_string_value (builder, folder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
list_exec (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);
  g_autofree char *id = berth_engine_escape (job->container);
  g_autofree char *path = g_strdup_printf ("/containers/%s/exec", id);
  g_autoptr (SoupMessage) message = berth_engine_new_message (job->engine, SOUP_METHOD_POST, path);
  g_autoptr (JsonNode) body = list_exec_body (job->target);

  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (job->engine, message, job->transfer_cancellable, list_exec_created_cb, task);
}

static void
list_resolved (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  if (job->entry->kind != BERTH_FILE_KIND_DIRECTORY)
    {
      job_fail (task, not_a_folder (job->entry));
      g_object_unref (task);
      return;
    }

  if (job->running && !(job->flags & BERTH_ARCHIVE_LIST_NO_EXEC))
    list_exec (task);
  else
    list_archive (task);
}

static void
list_inspect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *obj = NULL, *state = NULL;
  gboolean running = FALSE, paused = FALSE;
  GError *error = NULL;

  node = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (error == NULL &&
      _berth_json_node_object (node, "container", &obj, &error) &&
      _berth_json_get_object (obj, "State", BERTH_JSON_OPTIONAL, &state, &error) &&
      state != NULL)
    {
      if (_berth_json_get_boolean (state, "Running", &running, &error))
        _berth_json_get_boolean (state, "Paused", &paused, &error);
    }
  if (error != NULL)
    {
      job_fail (task, error);
      return;
    }

  /* exec is refused in a paused container. */
  job->running = running && !paused;
  job_resolve (g_steal_pointer (&task), list_resolved);
}

/**
 * berth_archive_list_async:
 * @container: a container id or name, running or not
 * @path: the folder to list; a symlink to a folder lists the folder
 * @entries_func: called on the caller's main context with each batch of
 *   entries as they come, never after @callback
 *
 * Lists one folder of a container's filesystem: name, kind, size, mode,
 * owner (with names when the container's passwd knows them), modified
 * time, symlink target. A running container is listed with one exec of
 * `sh` and `stat` when it has them (cheap, whatever the folder holds);
 * otherwise, or with %BERTH_ARCHIVE_LIST_NO_EXEC, the archive stream of the
 * folder is read on a worker thread, which for big folders means streaming
 * everything below them (bounded memory; cancel to stop). Entries' paths
 * are under @path as given.
 */
void
berth_archive_list_async (BerthEngine           *engine,
                          const char            *container,
                          const char            *path,
                          BerthArchiveListFlags  flags,
                          BerthFileEntriesFunc   entries_func,
                          gpointer               entries_data,
                          GDestroyNotify         entries_destroy,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *id = NULL;
  g_autofree char *request = NULL;
  ArchiveJob *job;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container != NULL);
  g_return_if_fail (path != NULL);

  job = job_new (engine, JOB_LIST, container, path, cancellable);
  job->flags = flags;
  job->entries_func = entries_func;
  job->entries_data = entries_data;
  job->entries_destroy = entries_destroy;
  task = job_task_new (job, berth_archive_list_async, callback, user_data);

  id = berth_engine_escape (container);
  request = g_strdup_printf ("/containers/%s/json", id);
  berth_engine_get_json_async (engine, request, job->transfer_cancellable, list_inspect_cb, g_steal_pointer (&task));
}

/**
 * berth_archive_list_finish:
 * @method: (out) (optional): how the folder was listed
 *
 * Returns: (transfer full): the folder that was listed (after following
 *   symlinks), or %NULL with @error set
 */
BerthFileEntry *
berth_archive_list_finish (BerthEngine             *engine,
                           GAsyncResult            *result,
                           BerthArchiveListMethod  *method,
                           GError                 **error)
{
  ArchiveJob *job;

  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (method != NULL)
    *method = job->method;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Listing inside an image ----------------------------------------------------------------- */

#define TEMPORARY_LABEL "io.github.berthapp.Berth.temporary"

typedef struct
{
  char                 *image;
  char                 *path;
  char                 *id;
  BerthFileEntriesFunc  entries_func;
  gpointer              entries_data;
  GDestroyNotify        entries_destroy;
  BerthFileEntry       *entry;
  GError               *error;
} ImageListData;

static void
image_list_data_free (ImageListData *data)
{
  if (data->entries_destroy != NULL)
    data->entries_destroy (data->entries_data);
  g_free (data->image);
  g_free (data->path);
  g_free (data->id);
  g_clear_object (&data->entry);
  g_clear_error (&data->error);
  g_free (data);
}

static void
image_removed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ImageListData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    g_debug ("Could not remove the temporary container %s: %s", data->id, error->message);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->entry), g_object_unref);
}

static void
image_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *engine = BERTH_ENGINE (object);
  ImageListData *data = g_task_get_task_data (task);
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *id = berth_engine_escape (data->id);
  g_autofree char *path = g_strdup_printf ("/containers/%s?force=1&v=1", id);

  data->entry = berth_archive_list_finish (engine, result, NULL, &data->error);

  /* Always removed, even when cancelled: nothing may be left behind. */
  message = berth_engine_new_message (engine, SOUP_METHOD_DELETE, path);
  berth_engine_send_json_async (engine, message, NULL, image_removed_cb, g_steal_pointer (&task));
}

static void
image_created_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthEngine *engine = BERTH_ENGINE (object);
  ImageListData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *obj = NULL;
  const char *id = NULL;
  GError *error = NULL;

  node = berth_engine_send_json_finish (engine, result, &error);
  if (error == NULL && _berth_json_node_object (node, "container", &obj, &error))
    _berth_json_get_string (obj, "Id", BERTH_JSON_REQUIRED, &id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->id = g_strdup (id);
  berth_archive_list_async (engine, data->id, data->path, BERTH_ARCHIVE_LIST_NO_EXEC,
                            data->entries_func, data->entries_data, g_steal_pointer (&data->entries_destroy),
                            cancellable, image_listed_cb, g_steal_pointer (&task));
}

static JsonNode *
image_container_body (const char *image)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Image");
  json_builder_add_string_value (builder, image);
  /* Never started; a command only keeps the engine from refusing images
   * that have none. */
  json_builder_set_member_name (builder, "Cmd");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "/berth-file-listing");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "NetworkDisabled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "Labels");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, TEMPORARY_LABEL);
  json_builder_add_string_value (builder, "files");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "HostConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "NetworkMode");
  json_builder_add_string_value (builder, "none");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * berth_archive_list_image_async:
 * @image: an image id or reference
 * @path: the folder to list
 *
 * Lists a folder inside an image. Images have no filesystem API of their
 * own, so this creates a temporary container from @image (never started,
 * no network, labelled "io.github.berthapp.Berth.temporary=files"), lists
 * it through its archive stream as berth_archive_list_async() does, and
 * removes it again whatever happened, cancellation included. The engine
 * reports the container's creation and removal as events.
 */
void
berth_archive_list_image_async (BerthEngine          *engine,
                                const char           *image,
                                const char           *path,
                                BerthFileEntriesFunc  entries_func,
                                gpointer              entries_data,
                                GDestroyNotify        entries_destroy,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (JsonNode) body = NULL;
  ImageListData *data;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (image != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_archive_list_image_async);
  data = g_new0 (ImageListData, 1);
  data->image = g_strdup (image);
  data->path = g_strdup (path);
  data->entries_func = entries_func;
  data->entries_data = entries_data;
  data->entries_destroy = entries_destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) image_list_data_free);

  message = berth_engine_new_message (engine, SOUP_METHOD_POST, "/containers/create");
  body = image_container_body (image);
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (engine, message, cancellable, image_created_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the folder that was listed */
BerthFileEntry *
berth_archive_list_image_finish (BerthEngine   *engine,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What exists already -------------------------------------------------------------------------- */

typedef struct
{
  char       *container;
  char       *folder;
  char      **names;
  guint       next;
  GPtrArray  *found;
} ExistingData;

static void
existing_data_free (ExistingData *data)
{
  g_free (data->container);
  g_free (data->folder);
  g_strfreev (data->names);
  g_clear_pointer (&data->found, g_ptr_array_unref);
  g_free (data);
}

static void existing_next (GTask *task);

static void
existing_name_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ExistingData *data = g_task_get_task_data (task);
  g_autoptr (BerthFileEntry) entry = NULL;
  GError *error = NULL;

  entry = berth_archive_stat_finish (BERTH_ENGINE (object), result, &error);
  if (entry != NULL)
    g_ptr_array_add (data->found, g_strdup (data->names[data->next - 1]));
  else if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    g_clear_error (&error);
  else
    {
      g_task_return_error (task, error);
      return;
    }

  existing_next (g_steal_pointer (&task));
}

static void
existing_next (GTask *task)
{
  ExistingData *data = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (data->names[data->next] == NULL)
    {
      g_ptr_array_add (data->found, NULL);
      g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&data->found), FALSE),
                             (GDestroyNotify) g_strfreev);
      g_object_unref (task);
      return;
    }

  path = berth_archive_path_join (data->folder, data->names[data->next++]);
  berth_archive_stat_async (g_task_get_source_object (task), data->container, path,
                            g_task_get_cancellable (task), existing_name_cb, task);
}

static void
existing_folder_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (BerthFileEntry) entry = NULL;
  GError *error = NULL;

  entry = berth_archive_stat_finish (BERTH_ENGINE (object), result, &error);
  if (entry == NULL)
    g_task_return_error (task, error);
  else if (entry->kind != BERTH_FILE_KIND_DIRECTORY && entry->kind != BERTH_FILE_KIND_SYMLINK)
    g_task_return_error (task, not_a_folder (entry));
  else
    existing_next (g_steal_pointer (&task));
}

/**
 * berth_archive_find_existing_async:
 * @folder: a folder in the container
 * @names: names (no "/") about to be put in @folder
 *
 * Finds which of @names already exist in @folder (one HEAD each), so a
 * person can be asked before they are replaced. The folder must exist.
 */
void
berth_archive_find_existing_async (BerthEngine         *engine,
                                   const char          *container,
                                   const char          *folder,
                                   const char * const  *names,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ExistingData *data;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container != NULL);
  g_return_if_fail (folder != NULL);
  g_return_if_fail (names != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_archive_find_existing_async);
  data = g_new0 (ExistingData, 1);
  data->container = g_strdup (container);
  data->folder = berth_archive_path_normalize (folder);
  data->names = g_strdupv ((char **) names);
  data->found = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) existing_data_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (*names[i] == '\0' || strchr (names[i], '/') != NULL ||
          strcmp (names[i], ".") == 0 || strcmp (names[i], "..") == 0)
        {
          g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                                   _("“%s” is not a file name"), names[i]);
          return;
        }
    }

  berth_archive_stat_async (engine, container, data->folder, cancellable,
                            existing_folder_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the names that exist, maybe none */
char **
berth_archive_find_existing_finish (BerthEngine   *engine,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading a small file ------------------------------------------------------------------------- */

static gboolean
read_worker (ArchiveJob  *job,
             GError     **error)
{
  TarInput input = { 0 };

  if (tar_input_open (&input, job->worker_socket, NULL, job->cancellable, error))
    job->contents = tar_read_first (&input, job->max_size, error);

  tar_input_clear (&input);
  return job->contents != NULL;
}

static void
read_resolved (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);
  BerthFileEntry *entry = job->entry;
  GError *error = NULL;

  if (entry->kind == BERTH_FILE_KIND_DIRECTORY)
    error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                         _("“%s” is a folder; open it to see what it holds"), job->path);
  else if (entry->kind != BERTH_FILE_KIND_FILE)
    error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a regular file, so it cannot be shown as text"), job->path);
  else if (entry->size > job->max_size)
    error = too_big_error (job->path, entry->size, job->max_size);

  if (error != NULL)
    {
      job_fail (task, error);
      g_object_unref (task);
      return;
    }

  job_get_archive (task, read_worker);
}

/**
 * berth_archive_read_file_async:
 * @path: a file in the container (a symlink to one is followed)
 * @max_size: the most to read, e.g. %BERTH_ARCHIVE_TEXT_MAX_SIZE
 *
 * Reads a small file whole, for a viewer. Folders, special files and
 * files bigger than @max_size fail with %BERTH_ENGINE_ERROR_INVALID_ARGUMENT
 * and a message saying so, before anything big is sent.
 */
void
berth_archive_read_file_async (BerthEngine         *engine,
                               const char          *container,
                               const char          *path,
                               gsize                max_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ArchiveJob *job;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container != NULL);
  g_return_if_fail (path != NULL);

  job = job_new (engine, JOB_READ, container, path, cancellable);
  job->max_size = max_size;
  task = job_task_new (job, berth_archive_read_file_async, callback, user_data);
  job_resolve (g_steal_pointer (&task), read_resolved);
}

/* Returns: (transfer full): the file's bytes */
GBytes *
berth_archive_read_file_finish (BerthEngine   *engine,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Whether @bytes can be shown as text: UTF-8 without NUL bytes. */
gboolean
berth_archive_bytes_look_like_text (GBytes *bytes)
{
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    return TRUE;
  return memchr (data, '\0', len) == NULL && g_utf8_validate_len (data, len, NULL);
}

/* Downloading --------------------------------------------------------------------------------- */

static gboolean
download_worker (ArchiveJob  *job,
                 GError     **error)
{
  TarInput input = { 0 };
  gboolean ok;

  ok = tar_input_open (&input, job->worker_socket, NULL, job->cancellable, error) &&
       extract_to (&input, job->local_path, error);

  tar_input_clear (&input);
  return ok;
}

static void
download_resolved (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);

  job->total = job->entry->kind == BERTH_FILE_KIND_FILE ? job->entry->size : 0;
  job_get_archive (task, download_worker);
}

static void
check_target_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (check_local_target (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
download_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      job_fail (task, error);
      return;
    }

  /* docker cp copies a symlink itself, not what it names. */
  job->follow_links = FALSE;
  job_resolve (g_steal_pointer (&task), download_resolved);
}

/**
 * berth_archive_download_async:
 * @spec: what to copy and where; the local path must not exist yet
 * @progress_func: (nullable): bytes received so far, of the file's size
 *   (0 for folders, whose size is not known in advance)
 *
 * Does what `docker cp CONTAINER:PATH LOCAL_PATH` does: a file becomes
 * LOCAL_PATH, a folder becomes the folder LOCAL_PATH with everything in
 * it, a symlink stays a symlink. The tar stream is extracted on a worker
 * thread into a private folder beside LOCAL_PATH and renamed into place
 * only when complete; a failure or cancellation leaves nothing behind. An
 * existing or unwritable target fails (G_IO_ERROR_EXISTS,
 * G_IO_ERROR_PERMISSION_DENIED, …) before anything is sent. Ownership is
 * not kept: everything belongs to the user running Berth.
 */
void
berth_archive_download_async (BerthEngine               *engine,
                              const BerthDownloadSpec   *spec,
                              BerthTransferProgressFunc  progress_func,
                              gpointer                   progress_data,
                              GDestroyNotify             progress_destroy,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  g_autoptr (GTask) task = NULL;
  GTask *check;
  ArchiveJob *job;
  GError *error = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (spec != NULL);

  job = job_new (engine, JOB_DOWNLOAD, spec->container ? spec->container : "", spec->path, cancellable);
  job->local_path = g_strdup (spec->local_path);
  job->progress_func = progress_func;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  task = job_task_new (job, berth_archive_download_async, callback, user_data);

  if (!berth_download_spec_validate (spec, &error))
    {
      job_fail (task, error);
      return;
    }

  check = g_task_new (NULL, job->transfer_cancellable, download_checked_cb, g_steal_pointer (&task));
  g_task_set_source_tag (check, check_target_thread);
  g_task_set_task_data (check, g_strdup (spec->local_path), g_free);
  g_task_run_in_thread (check, check_target_thread);
  g_object_unref (check);
}

gboolean
berth_archive_download_finish (BerthEngine   *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Uploading --------------------------------------------------------------------------------------- */

static void
upload_written (guint64  done,
                guint64  total,
                gboolean last,
                gpointer user_data)
{
  job_progress (user_data, done, total, last);
}

static gboolean
upload_worker (ArchiveJob  *job,
               GError     **error)
{
  if (!write_tar (job->worker_socket, job->sources, upload_written, job, job->cancellable, error))
    return FALSE;

  /* The end of the request body. On failure there is none: the request is
   * cancelled instead, so the engine never takes half an archive for a
   * whole one. */
  return g_socket_shutdown (job->worker_socket, FALSE, TRUE, error);
}

static void
upload_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  GError *error = NULL;

  body = berth_engine_send_and_read_finish (BERTH_ENGINE (object), result, &error);
  /* A worker still writing stops. */
  g_socket_close (job->main_socket, NULL);
  job_engine_finished (task, error);
}

static void
upload_send (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);
  g_autofree char *request = archive_request (job->container, job->target, "&noOverwriteDirNonDir=true");
  g_autoptr (SoupMessage) message = NULL;
  GError *error = NULL;

  if (!job_start_worker (task, upload_worker, &error))
    {
      job_fail (task, error);
      g_object_unref (task);
      return;
    }

  message = berth_engine_new_message (job->engine, SOUP_METHOD_PUT, request);
  soup_message_set_request_body (message, "application/x-tar",
                                 g_io_stream_get_input_stream (job->main_stream), -1);
  berth_engine_send_and_read_async (job->engine, message, job->transfer_cancellable, upload_sent_cb, task);
}

static GError *
exists_error (char       **found,
              const char  *folder)
{
  guint n = g_strv_length (found);

  if (n == 1)
    return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT,
                        _("“%s” already exists in %s"), found[0], folder);

  return g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT,
                      ngettext ("%u item already exists in %s, like “%s”",
                                "%u items already exist in %s, like “%s”", n),
                      n, folder, found[0]);
}

static void
upload_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ArchiveJob *job = g_task_get_task_data (task);
  g_auto (GStrv) found = NULL;
  GError *error = NULL;

  found = berth_archive_find_existing_finish (BERTH_ENGINE (object), result, &error);
  if (found == NULL)
    job_fail (task, error);
  else if (found[0] != NULL)
    job_fail (task, exists_error (found, job->path));
  else
    upload_send (g_steal_pointer (&task));
}

static void
upload_resolved (GTask *task)
{
  ArchiveJob *job = g_task_get_task_data (task);
  g_autoptr (GStrvBuilder) names = NULL;
  g_auto (GStrv) strv = NULL;

  if (job->entry->kind != BERTH_FILE_KIND_DIRECTORY)
    {
      job_fail (task, not_a_folder (job->entry));
      g_object_unref (task);
      return;
    }

  if (job->overwrite)
    {
      upload_send (task);
      return;
    }

  names = g_strv_builder_new ();
  for (guint i = 0; job->sources[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (job->sources[i]);

      g_strv_builder_add (names, base);
    }
  strv = g_strv_builder_end (names);
  berth_archive_find_existing_async (job->engine, job->container, job->target,
                                     (const char * const *) strv, job->transfer_cancellable,
                                     upload_checked_cb, task);
}

/**
 * berth_archive_upload_async:
 * @spec: what to copy into which container folder
 * @progress_func: (nullable): bytes of file data sent, of the total
 *
 * Does what `docker cp LOCAL CONTAINER:FOLDER/` does for each source: files
 * and folders (with everything inside, symlinks as symlinks) land in the
 * folder under their own names, owned by root. The tar is written by
 * libarchive on a worker thread straight into the request (PUT
 * …/archive?noOverwriteDirNonDir=true), never whole in memory. Unless
 * @spec's overwrite is set, names that already exist there fail the upload
 * with %BERTH_ENGINE_ERROR_CONFLICT before anything is sent (see also
 * berth_archive_find_existing_async()). The engine unpacks as it receives:
 * an upload that fails halfway may have placed some files already.
 */
void
berth_archive_upload_async (BerthEngine               *engine,
                            const BerthUploadSpec     *spec,
                            BerthTransferProgressFunc  progress_func,
                            gpointer                   progress_data,
                            GDestroyNotify             progress_destroy,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr (GTask) task = NULL;
  ArchiveJob *job;
  GError *error = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (spec != NULL);

  job = job_new (engine, JOB_UPLOAD, spec->container ? spec->container : "", spec->path, cancellable);
  job->sources = g_strdupv (spec->sources);
  job->overwrite = spec->overwrite;
  job->progress_func = progress_func;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  task = job_task_new (job, berth_archive_upload_async, callback, user_data);

  if (!berth_upload_spec_validate (spec, &error))
    {
      job_fail (task, error);
      return;
    }

  job_resolve (g_steal_pointer (&task), upload_resolved);
}

gboolean
berth_archive_upload_finish (BerthEngine   *engine,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving a stream to a new file --------------------------------------------------------------- */

typedef struct
{
  GInputStream              *stream;
  char                      *local_path;
  char                      *temp_path;
  GFile                     *temp;
  GOutputStream             *out;
  GBytes                    *chunk;
  GError                    *error;
  guint64                    done;
  guint64                    total;
  gint64                     last_progress;
  BerthTransferProgressFunc  progress_func;
  gpointer                   progress_data;
  GDestroyNotify             progress_destroy;
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_clear_object (&data->stream);
  g_free (data->local_path);
  g_free (data->temp_path);
  g_clear_object (&data->temp);
  g_clear_object (&data->out);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
save_progress (GTask    *task,
               gboolean  last)
{
  SaveData *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();

  if (data->progress_func == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  if (!last && now - data->last_progress < PROGRESS_USEC)
    return;

  data->last_progress = now;
  data->progress_func (data->done, data->total > 0 ? MAX (data->total, data->done) : 0, data->progress_data);
}

static void
save_return (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    {
      save_progress (task, TRUE);
      g_task_return_boolean (task, TRUE);
    }
}

static void
save_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;

  g_file_delete_finish (G_FILE (object), result, NULL);
  save_return (task);
}

/* Removes the partial file, then fails with @error. Takes @task. */
static void
save_fail (GTask  *task,
           GError *error)
{
  SaveData *data = g_task_get_task_data (task);

  if (data->error == NULL)
    data->error = error;
  else
    g_error_free (error);

  if (data->out != NULL && !g_output_stream_is_closed (data->out))
    g_output_stream_close_async (data->out, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (data->temp == NULL)
    {
      save_return (task);
      g_object_unref (task);
      return;
    }

  /* Not cancellable: the partial file must go even after a cancel. */
  g_file_delete_async (data->temp, G_PRIORITY_DEFAULT, NULL, save_deleted_cb, task);
}

static void
save_rename_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (rename_noreplace (data->temp_path, data->local_path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_renamed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    save_fail (g_steal_pointer (&task), error);
  else
    save_return (task);
}

static void
save_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GTask *rename;
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      save_fail (g_steal_pointer (&task), error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      save_fail (g_steal_pointer (&task), error);
      return;
    }

  rename = g_task_new (NULL, NULL, save_renamed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (rename, save_rename_thread);
  g_task_set_task_data (rename, data, NULL);
  g_task_run_in_thread (rename, save_rename_thread);
  g_object_unref (rename);
}

static void save_read (GTask *task);

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&data->chunk, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      save_fail (g_steal_pointer (&task), error);
      return;
    }

  save_progress (task, FALSE);
  save_read (g_steal_pointer (&task));
}

static void
save_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  const guint8 *bytes;
  gsize size = 0;

  data->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (data->chunk == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("The engine stopped sending before the end: "));
      save_fail (g_steal_pointer (&task), error);
      return;
    }

  bytes = g_bytes_get_data (data->chunk, &size);
  if (size == 0)
    {
      g_output_stream_close_async (data->out, G_PRIORITY_DEFAULT, cancellable,
                                   save_closed_cb, g_steal_pointer (&task));
      return;
    }

  data->done += size;
  g_output_stream_write_all_async (data->out, bytes, size, G_PRIORITY_DEFAULT,
                                   cancellable, save_written_cb, g_steal_pointer (&task));
}

static void
save_read (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), save_read_cb, task);
}

static void
save_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->out = G_OUTPUT_STREAM (g_file_create_finish (G_FILE (object), result, &error));
  if (data->out == NULL)
    {
      /* Nothing of ours is there to remove. */
      g_clear_object (&data->temp);
      save_fail (g_steal_pointer (&task), error);
      return;
    }

  save_read (g_steal_pointer (&task));
}

static void
save_prepare_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *parent = g_path_get_dirname (data->local_path);
  g_autofree char *base = g_path_get_basename (data->local_path);
  GError *error = NULL;
  char *canonical;

  if (!check_local_target (data->local_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  canonical = realpath (parent, NULL);
  if (canonical == NULL)
    {
      local_error (&error, errno, _("Cannot save in “%s”: %s"), parent, g_strerror (errno));
      g_task_return_error (task, error);
      return;
    }

  if (strlen (base) > 64)
    base[64] = '\0';
  g_task_return_pointer (task, g_strdup_printf ("%s/.%s.%08x.berth-part",
                                                strcmp (canonical, "/") == 0 ? "" : canonical,
                                                base, g_random_int ()),
                         g_free);
  free (canonical);
}

static void
save_prepared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  data->temp_path = g_task_propagate_pointer (G_TASK (result), &error);
  if (data->temp_path == NULL)
    {
      save_fail (g_steal_pointer (&task), error);
      return;
    }

  data->temp = g_file_new_for_path (data->temp_path);
  cancellable = g_task_get_cancellable (task);
  g_file_create_async (data->temp, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                       cancellable, save_created_cb, g_steal_pointer (&task));
}

/**
 * berth_archive_save_stream_async:
 * @stream: an engine's answer, e.g. of GET /containers/{id}/export
 * @local_path: the file to create; it must not exist yet
 * @total: the expected size, or 0 when not known
 * @progress_func: (nullable): bytes saved so far, of @total
 *
 * Saves @stream to a new file: written under a hidden temporary name in
 * the same folder, renamed to @local_path only when complete; a failure or
 * cancellation removes the partial file. An existing or unwritable target
 * fails with a G_IO_ERROR saying so.
 */
void
berth_archive_save_stream_async (GInputStream              *stream,
                                 const char                *local_path,
                                 guint64                    total,
                                 BerthTransferProgressFunc  progress_func,
                                 gpointer                   progress_data,
                                 GDestroyNotify             progress_destroy,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  g_autoptr (GTask) task = NULL;
  SaveData *data;
  GTask *prepare;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (local_path != NULL && g_path_is_absolute (local_path));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_archive_save_stream_async);
  data = g_new0 (SaveData, 1);
  data->stream = g_object_ref (stream);
  data->local_path = g_strdup (local_path);
  data->total = total;
  data->progress_func = progress_func;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  prepare = g_task_new (NULL, cancellable, save_prepared_cb, g_steal_pointer (&task));
  g_task_set_source_tag (prepare, save_prepare_thread);
  g_task_set_task_data (prepare, data, NULL);
  g_task_run_in_thread (prepare, save_prepare_thread);
  g_object_unref (prepare);
}

gboolean
berth_archive_save_stream_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
