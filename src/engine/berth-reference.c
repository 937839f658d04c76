/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-reference.h"

/* An image reference as docker reads it (distribution/reference):
 *
 *   [registry[:port]/]path[:tag][@algorithm:hex]
 *
 * The first path component is a registry when it has a "." or a ":" or is
 * "localhost"; otherwise the image is on Docker Hub, where one-component
 * paths live under "library/". */

#define NAME_MAX_LENGTH 255
#define TAG_MAX_LENGTH 128

struct _BerthReference
{
  char     *registry;
  char     *path;
  char     *familiar;
  char     *tag;
  char     *digest;
  char     *canonical;
  gboolean  has_tag;
};

G_DEFINE_BOXED_TYPE (BerthReference, berth_reference, berth_reference_copy, berth_reference_free)

BerthReference *
berth_reference_copy (const BerthReference *self)
{
  BerthReference *copy = g_new0 (BerthReference, 1);

  copy->registry = g_strdup (self->registry);
  copy->path = g_strdup (self->path);
  copy->familiar = g_strdup (self->familiar);
  copy->tag = g_strdup (self->tag);
  copy->digest = g_strdup (self->digest);
  copy->canonical = g_strdup (self->canonical);
  copy->has_tag = self->has_tag;
  return copy;
}

void
berth_reference_free (BerthReference *self)
{
  if (self == NULL)
    return;

  g_free (self->registry);
  g_free (self->path);
  g_free (self->familiar);
  g_free (self->tag);
  g_free (self->digest);
  g_free (self->canonical);
  g_free (self);
}

/* One character of @p, for a message: a whole UTF-8 sequence or a byte. */
static int
char_length (const char *p)
{
  int len = (int) (g_utf8_next_char (p) - p);

  return g_utf8_validate (p, len, NULL) ? len : 1;
}

static gboolean
is_lower_alnum (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'z');
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Registry -------------------------------------------------------------------- */

static gboolean
check_host_component (const char  *start,
                      gsize        len,
                      const char  *registry,
                      GError     **error)
{
  if (len == 0 || start[0] == '-' || start[len - 1] == '-')
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a registry address: write a host name and an optional port, like “registry.example.com:5000”"),
                                       registry);

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (start[i]) && start[i] != '-')
        return berth_engine_error_invalid (error,
                                           _("“%.*s” cannot be used in the registry address “%s”; write it like “registry.example.com:5000”"),
                                           char_length (start + i), start + i, registry);
    }

  return TRUE;
}

static gboolean
check_registry (const char  *registry,
                GError     **error)
{
  g_autofree char *host = NULL;
  const char *port = NULL;
  const char *colon;

  if (registry[0] == '[')
    {
      const char *close = strchr (registry, ']');
      g_autoptr (GInetAddress) address = NULL;

      host = close ? g_strndup (registry + 1, close - registry - 1) : NULL;
      if (host != NULL)
        address = g_inet_address_new_from_string (host);
      if (address == NULL || (close[1] != '\0' && close[1] != ':'))
        return berth_engine_error_invalid (error, _("“%s” is not a registry address: an IPv6 address is written in brackets, like “[::1]:5000”"),
                                           registry);
      port = close[1] == ':' ? close + 2 : NULL;
    }
  else
    {
      colon = strchr (registry, ':');
      host = colon ? g_strndup (registry, colon - registry) : g_strdup (registry);
      port = colon ? colon + 1 : NULL;

      for (const char *p = host;;)
        {
          const char *dot = strchr (p, '.');
          gsize len = dot ? (gsize) (dot - p) : strlen (p);

          if (!check_host_component (p, len, registry, error))
            return FALSE;
          if (dot == NULL)
            break;
          p = dot + 1;
        }
    }

  if (port != NULL)
    {
      gboolean digits = *port != '\0';

      for (const char *p = port; *p; p++)
        digits &= g_ascii_isdigit (*p);
      if (!digits)
        return berth_engine_error_invalid (error, _("The registry port in “%s” must be a number, like “localhost:5000”"), registry);
    }

  return TRUE;
}

/* Path ------------------------------------------------------------------------ */

/* A run of separators between two lowercase letters or digits: ".", "_",
 * "__" or any number of "-". */
static gboolean
is_separator_run (const char *start,
                  gsize       len)
{
  if (len == 1 && (start[0] == '.' || start[0] == '_'))
    return TRUE;
  if (len == 2 && start[0] == '_' && start[1] == '_')
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      if (start[i] != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_component (const char  *start,
                 gsize        len,
                 const char  *name,
                 GError     **error)
{
  gsize i = 0;

  if (len == 0)
    return berth_engine_error_invalid (error, _("“%s” has an empty part between slashes; write it like “myname/app”"), name);

  if (!is_lower_alnum (start[0]))
    return berth_engine_error_invalid (error,
                                       _("Each part of the image name “%s” must start with a lowercase letter or a digit, like “myname/app”"),
                                       name);

  while (i < len)
    {
      gsize run = 0;

      while (i < len && is_lower_alnum (start[i]))
        i++;
      while (i + run < len && strchr ("._-", start[i + run]) != NULL)
        run++;
      if (run == 0 && i < len)
        return berth_engine_error_invalid (error,
                                           _("“%.*s” cannot be used in an image name; use lowercase letters and digits, with “.”, “_” or “-” between them, like “my-app”"),
                                           char_length (start + i), start + i);
      if (run > 0 && (i + run == len || !is_separator_run (start + i, run)))
        return berth_engine_error_invalid (error,
                                           _("“%.*s” cannot be used there in the image name “%s”: parts are lowercase letters and digits joined by one “.”, “_”, “__” or dashes, like “my-app”"),
                                           (int) run, start + i, name);
      i += run;
    }

  return TRUE;
}

static gboolean
check_path (const char  *path,
            const char  *name,
            GError     **error)
{
  for (const char *p = path; *p; p++)
    {
      if (g_ascii_isupper (*p))
        return berth_engine_error_invalid (error, _("Repository names must be lowercase, like “nginx” or “myname/app:1.0”"));
    }

  for (const char *p = path;;)
    {
      const char *slash = strchr (p, '/');
      gsize len = slash ? (gsize) (slash - p) : strlen (p);

      if (!check_component (p, len, name, error))
        return FALSE;
      if (slash == NULL)
        return TRUE;
      p = slash + 1;
    }
}

/* Tag and digest -------------------------------------------------------------- */

static gboolean
check_tag (const char  *tag,
           const char  *name,
           GError     **error)
{
  if (*tag == '\0')
    return berth_engine_error_invalid (error,
                                       _("The tag after “%s:” is empty; write a tag, like “%s:1.0”, or leave out the “:” for the latest one"),
                                       name, name);

  if (strlen (tag) > TAG_MAX_LENGTH)
    return berth_engine_error_invalid (error, _("The tag “%.20s…” is longer than %d characters; use a shorter tag, like “1.0”"),
                                       tag, TAG_MAX_LENGTH);

  if (!is_word_char (tag[0]))
    return berth_engine_error_invalid (error, _("The tag “%s” must start with a letter, a digit or “_”, like “1.25-alpine”"), tag);

  for (const char *p = tag; *p; p++)
    {
      if (!is_word_char (*p) && *p != '.' && *p != '-')
        return berth_engine_error_invalid (error,
                                           _("“%.*s” cannot be used in the tag “%s”; a tag has letters, digits, “_”, “.” and “-”, like “1.25-alpine”"),
                                           char_length (p), p, tag);
    }

  return TRUE;
}

static guint
digest_hex_length (const char *algorithm)
{
  if (strcmp (algorithm, "sha256") == 0)
    return 64;
  if (strcmp (algorithm, "sha384") == 0)
    return 96;
  if (strcmp (algorithm, "sha512") == 0)
    return 128;
  return 0;
}

static gboolean
check_digest (const char  *digest,
              GError     **error)
{
  const char *colon = strchr (digest, ':');
  g_autofree char *algorithm = colon ? g_strndup (digest, colon - digest) : NULL;
  guint expected = algorithm ? digest_hex_length (algorithm) : 0;
  gboolean hex = colon != NULL;

  if (expected == 0)
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a digest: write “@sha256:” and 64 hexadecimal digits, like “nginx@sha256:0a1b…”"),
                                       digest);

  for (const char *p = colon + 1; *p; p++)
    hex &= g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f');

  if (!hex || strlen (colon + 1) != expected)
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a valid digest: %s digests have %u lowercase hexadecimal digits (0–9, a–f) after “%s:”"),
                                       digest, algorithm, expected, algorithm);

  return TRUE;
}

/* Parsing --------------------------------------------------------------------- */

static gboolean
is_registry (const char *component)
{
  return strchr (component, '.') != NULL ||
         strchr (component, ':') != NULL ||
         strcmp (component, "localhost") == 0;
}

static void
split_name (BerthReference *self,
            const char     *name)
{
  const char *slash = strchr (name, '/');
  g_autofree char *first = slash ? g_strndup (name, slash - name) : NULL;

  if (first != NULL && is_registry (first))
    {
      self->registry = g_steal_pointer (&first);
      self->path = g_strdup (slash + 1);
    }
  else
    {
      self->registry = g_strdup (BERTH_REFERENCE_DEFAULT_REGISTRY);
      self->path = g_strdup (name);
    }
}

static void
normalize (BerthReference *self)
{
  GString *canonical;

  if (strcmp (self->registry, "index.docker.io") == 0)
    {
      g_free (self->registry);
      self->registry = g_strdup (BERTH_REFERENCE_DEFAULT_REGISTRY);
    }

  if (strcmp (self->registry, BERTH_REFERENCE_DEFAULT_REGISTRY) == 0)
    {
      if (strchr (self->path, '/') == NULL)
        {
          char *path = g_strconcat ("library/", self->path, NULL);

          g_free (self->path);
          self->path = path;
        }
      self->familiar = g_strdup (g_str_has_prefix (self->path, "library/") &&
                                 strchr (self->path + strlen ("library/"), '/') == NULL
                                   ? self->path + strlen ("library/")
                                   : self->path);
    }
  else
    self->familiar = g_strconcat (self->registry, "/", self->path, NULL);

  if (self->tag == NULL && self->digest == NULL)
    self->tag = g_strdup ("latest");

  canonical = g_string_new (self->registry);
  g_string_append_printf (canonical, "/%s", self->path);
  if (self->tag != NULL)
    g_string_append_printf (canonical, ":%s", self->tag);
  if (self->digest != NULL)
    g_string_append_printf (canonical, "@%s", self->digest);
  self->canonical = g_string_free (canonical, FALSE);
}

static gboolean
check_characters (const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      if (g_ascii_isspace (*p))
        return berth_engine_error_invalid (error, _("An image reference has no spaces; write it like “nginx” or “myname/app:1.0”"));
      if ((guchar) *p >= 0x80 || g_ascii_iscntrl (*p))
        return berth_engine_error_invalid (error,
                                           _("“%.*s” cannot be used in an image reference; use lowercase letters, digits, “.”, “_” and “-”, like “myname/app:1.0”"),
                                           char_length (p), p);
    }
  return TRUE;
}

static gboolean
parse_into (BerthReference  *self,
            const char      *text,
            GError         **error)
{
  g_autofree char *rest = NULL;
  const char *at;
  char *colon, *slash;

  if (text == NULL || *text == '\0')
    return berth_engine_error_invalid (error, _("Enter an image, like “nginx” or “nginx:1.25”"));

  if (!check_characters (text, error))
    return FALSE;

  at = strchr (text, '@');
  rest = at ? g_strndup (text, at - text) : g_strdup (text);
  if (at != NULL)
    {
      if (!check_digest (at + 1, error))
        return FALSE;
      self->digest = g_strdup (at + 1);
    }

  colon = strrchr (rest, ':');
  slash = strrchr (rest, '/');
  if (colon != NULL && (slash == NULL || colon > slash))
    {
      *colon = '\0';
      if (!check_tag (colon + 1, rest, error))
        return FALSE;
      self->tag = g_strdup (colon + 1);
      self->has_tag = TRUE;
    }

  if (*rest == '\0')
    return berth_engine_error_invalid (error, _("The image name is missing; write it like “nginx” or “myname/app:1.0”"));
  if (strlen (rest) > NAME_MAX_LENGTH)
    return berth_engine_error_invalid (error, _("The image name is longer than %d characters"), NAME_MAX_LENGTH);

  split_name (self, rest);
  if (strcmp (self->registry, BERTH_REFERENCE_DEFAULT_REGISTRY) != 0 && !check_registry (self->registry, error))
    return FALSE;
  if (!check_path (self->path, rest, error))
    return FALSE;

  normalize (self);
  return TRUE;
}

/**
 * berth_reference_parse:
 * @text: an image reference, like "nginx", "myname/app:1.0" or
 *   "registry.example.com:5000/ns/app@sha256:…"
 *
 * Returns: (transfer full) (nullable): the reference, or %NULL with @error
 *   (%BERTH_ENGINE_ERROR_INVALID_ARGUMENT) saying what is wrong and what a
 *   valid reference looks like
 */
BerthReference *
berth_reference_parse (const char  *text,
                       GError     **error)
{
  g_autoptr (BerthReference) self = g_new0 (BerthReference, 1);

  if (!parse_into (self, text, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
berth_reference_validate (const char  *text,
                          GError     **error)
{
  g_autoptr (BerthReference) self = berth_reference_parse (text, error);

  return self != NULL;
}

/* "docker.io", or the registry the reference names. */
const char *
berth_reference_get_registry (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->registry;
}

/* The repository path inside the registry: "library/nginx". */
const char *
berth_reference_get_path (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

/* The name `docker images` shows: "nginx", "myname/app", "localhost:5000/app". */
const char *
berth_reference_get_familiar_name (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->familiar;
}

/**
 * berth_reference_get_tag:
 *
 * Returns: (nullable): the tag; "latest" when none was written and there is
 *   no digest, %NULL for a reference by digest alone
 */
const char *
berth_reference_get_tag (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tag;
}

/* Whether the tag was written, as opposed to the default "latest". */
gboolean
berth_reference_has_tag (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_tag;
}

/* Returns: (nullable): the digest, like "sha256:…" */
const char *
berth_reference_get_digest (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->digest;
}

/* The full form: "docker.io/library/nginx:latest". */
const char *
berth_reference_to_string (const BerthReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->canonical;
}

/**
 * berth_reference_to_familiar:
 *
 * Returns: (transfer full): the short form with its tag and digest, as
 *   `docker images` and `docker pull` write it: "nginx:latest",
 *   "myname/app@sha256:…"
 */
char *
berth_reference_to_familiar (const BerthReference *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (self->familiar);
  if (self->tag != NULL)
    g_string_append_printf (out, ":%s", self->tag);
  if (self->digest != NULL)
    g_string_append_printf (out, "@%s", self->digest);
  return g_string_free (out, FALSE);
}
