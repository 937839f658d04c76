/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-container.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-operation.h"
#include "berth-reference.h"
#include "berth-run-spec.h"
#include "berth-shell.h"

/* The engine refuses a memory limit below 6 MiB. */
#define MIN_MEMORY (6 * 1024 * 1024)
#define MAX_HOSTNAME 63

static gboolean
has (const char *s)
{
  return s != NULL && *s != '\0';
}

/* NULL and "" both mean "not set". */
static gboolean
str_equal (const char *a,
           const char *b)
{
  return g_strcmp0 (has (a) ? a : NULL, has (b) ? b : NULL) == 0;
}

static gboolean
has_space (const char *s)
{
  for (; s != NULL && *s; s++)
    {
      if (g_ascii_isspace (*s))
        return TRUE;
    }
  return FALSE;
}

static const char *
protocol_name (BerthRunProtocol protocol)
{
  switch (protocol)
    {
    case BERTH_RUN_PROTOCOL_UDP: return "udp";
    case BERTH_RUN_PROTOCOL_SCTP: return "sctp";
    case BERTH_RUN_PROTOCOL_TCP:
    default: return "tcp";
    }
}

static const char *
mount_type (BerthRunMountKind kind)
{
  switch (kind)
    {
    case BERTH_RUN_MOUNT_BIND: return "bind";
    case BERTH_RUN_MOUNT_TMPFS: return "tmpfs";
    case BERTH_RUN_MOUNT_VOLUME:
    default: return "volume";
    }
}

static const char *
restart_name (BerthRunRestart restart)
{
  switch (restart)
    {
    case BERTH_RUN_RESTART_ALWAYS: return "always";
    case BERTH_RUN_RESTART_UNLESS_STOPPED: return "unless-stopped";
    case BERTH_RUN_RESTART_ON_FAILURE: return "on-failure";
    case BERTH_RUN_RESTART_NO:
    default: return "no";
    }
}

/* Ports ------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (BerthRunPort, berth_run_port, berth_run_port_copy, berth_run_port_free)

BerthRunPort *
berth_run_port_new (const char       *host_ip,
                    const char       *host_port,
                    const char       *container_port,
                    BerthRunProtocol  protocol)
{
  BerthRunPort *self = g_new0 (BerthRunPort, 1);

  self->host_ip = g_strdup (host_ip);
  self->host_port = g_strdup (host_port);
  self->container_port = g_strdup (container_port);
  self->protocol = protocol;
  return self;
}

BerthRunPort *
berth_run_port_copy (const BerthRunPort *self)
{
  return berth_run_port_new (self->host_ip, self->host_port, self->container_port, self->protocol);
}

void
berth_run_port_free (BerthRunPort *self)
{
  if (self == NULL)
    return;

  g_free (self->host_ip);
  g_free (self->host_port);
  g_free (self->container_port);
  g_free (self);
}

gboolean
berth_run_port_equal (const BerthRunPort *a,
                      const BerthRunPort *b)
{
  return str_equal (a->host_ip, b->host_ip) &&
         str_equal (a->host_port, b->host_port) &&
         str_equal (a->container_port, b->container_port) &&
         a->protocol == b->protocol;
}

/* "80" or "8000-8005". The numbers are not range-checked here. */
static gboolean
parse_range (const char *text,
             guint64    *start,
             guint64    *end)
{
  const char *dash = text ? strchr (text, '-') : NULL;
  g_autofree char *first = NULL;

  if (!has (text))
    return FALSE;

  first = dash ? g_strndup (text, dash - text) : g_strdup (text);
  if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT32, start, NULL))
    return FALSE;
  if (dash == NULL)
    {
      *end = *start;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT32, end, NULL);
}

static gboolean
check_port_range (const char  *text,
                  guint64     *start,
                  guint64     *end,
                  GError     **error)
{
  if (!parse_range (text, start, end))
    return berth_engine_error_invalid (error, _("“%s” is not a port: write a number, like 8080, or a range, like 8000-8005"), text);
  if (*start < 1 || *start > 65535)
    return berth_engine_error_invalid (error, _("Port %lu is not between 1 and 65535"), (gulong) MIN (*start, G_MAXULONG));
  if (*end < 1 || *end > 65535)
    return berth_engine_error_invalid (error, _("Port %lu is not between 1 and 65535"), (gulong) MIN (*end, G_MAXULONG));
  if (*end < *start)
    return berth_engine_error_invalid (error, _("The range %s ends before it starts: write the smaller port first, like 8000-8005"), text);
  return TRUE;
}

/* An IPv6 address may come in brackets, as in -p [::1]:8080:80. */
static char *
strip_brackets (const char *ip)
{
  gsize len = ip ? strlen (ip) : 0;

  if (len >= 2 && ip[0] == '[' && ip[len - 1] == ']')
    return g_strndup (ip + 1, len - 2);
  return g_strdup (ip ? ip : "");
}

static gboolean
check_host_ip (const char  *host_ip,
               GError     **error)
{
  g_autofree char *bare = strip_brackets (host_ip);
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (bare);

  if (address == NULL)
    return berth_engine_error_invalid (error,
                                       _("“%s” is not an IP address: write one like 127.0.0.1, or leave it empty to listen on every address"),
                                       host_ip);
  return TRUE;
}

/**
 * berth_run_port_validate:
 *
 * Checks one -p row: ports between 1 and 65535, ranges of the same length
 * (or a host range for one container port, which the engine picks from),
 * and a host IP that is an address.
 */
gboolean
berth_run_port_validate (const BerthRunPort  *self,
                         GError             **error)
{
  guint64 cs, ce, hs, he;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!has (self->container_port))
    return berth_engine_error_invalid (error, _("Enter the port inside the container, like 80"));
  if (!check_port_range (self->container_port, &cs, &ce, error))
    return FALSE;

  if (has (self->host_port))
    {
      if (!check_port_range (self->host_port, &hs, &he, error))
        return FALSE;
      if (he - hs != ce - cs && ce != cs)
        return berth_engine_error_invalid (error,
                                           _("The host ports %s and the container ports %s are ranges of different lengths: give both as many ports, like 8000-8005:8000-8005"),
                                           self->host_port, self->container_port);
    }

  if (has (self->host_ip) && !check_host_ip (self->host_ip, error))
    return FALSE;

  return TRUE;
}

/* What -p takes: [host_ip:][host_port:]container_port[/protocol]. */
char *
berth_run_port_to_string (const BerthRunPort *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  if (has (self->host_ip))
    {
      if (strchr (self->host_ip, ':') != NULL && self->host_ip[0] != '[')
        g_string_append_printf (out, "[%s]:", self->host_ip);
      else
        g_string_append_printf (out, "%s:", self->host_ip);
    }
  /* A row still being filled in ("-p :") stays a -p that reads back as the
   * same row; validation says what is missing. */
  if (has (self->host_port))
    g_string_append_printf (out, "%s:", self->host_port);
  else if (has (self->host_ip) || !has (self->container_port))
    g_string_append_c (out, ':');
  g_string_append (out, self->container_port ? self->container_port : "");
  if (self->protocol != BERTH_RUN_PROTOCOL_TCP)
    g_string_append_printf (out, "/%s", protocol_name (self->protocol));

  return g_string_free (out, FALSE);
}

/* Mounts ----------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthRunMount, berth_run_mount, berth_run_mount_copy, berth_run_mount_free)

/**
 * berth_run_mount_new:
 *
 * Returns: (transfer full): a mount written with -v (or --tmpfs); set
 *   `syntax` to %BERTH_RUN_MOUNT_SYNTAX_MOUNT for --mount
 */
BerthRunMount *
berth_run_mount_new (BerthRunMountKind  kind,
                     const char        *source,
                     const char        *target,
                     gboolean           read_only)
{
  BerthRunMount *self = g_new0 (BerthRunMount, 1);

  self->kind = kind;
  self->syntax = BERTH_RUN_MOUNT_SYNTAX_VOLUME;
  self->source = g_strdup (source);
  self->target = g_strdup (target);
  self->read_only = !!read_only;
  return self;
}

BerthRunMount *
berth_run_mount_copy (const BerthRunMount *self)
{
  BerthRunMount *copy = berth_run_mount_new (self->kind, self->source, self->target, self->read_only);

  copy->syntax = self->syntax;
  return copy;
}

void
berth_run_mount_free (BerthRunMount *self)
{
  if (self == NULL)
    return;

  g_free (self->source);
  g_free (self->target);
  g_free (self);
}

gboolean
berth_run_mount_equal (const BerthRunMount *a,
                       const BerthRunMount *b)
{
  return a->kind == b->kind &&
         a->syntax == b->syntax &&
         str_equal (a->source, b->source) &&
         str_equal (a->target, b->target) &&
         !a->read_only == !b->read_only;
}

/* A full path to suggest for a relative one: ./data or ~/data -> $HOME/data. */
static char *
suggest_absolute (const char *path)
{
  while (g_str_has_prefix (path, "./") || g_str_has_prefix (path, "../") || g_str_has_prefix (path, "~/"))
    path = strchr (path, '/') + 1;
  if (strcmp (path, "~") == 0 || strcmp (path, ".") == 0 || strcmp (path, "..") == 0)
    path = "";

  return g_build_filename (g_get_home_dir (), path, NULL);
}

static gboolean
check_host_folder (const char  *source,
                   GError     **error)
{
  g_autofree char *suggestion = NULL;

  if (!has (source))
    return berth_engine_error_invalid (error, _("Choose the folder on this computer to share, like /home/me/data"));
  if (source[0] == '/')
    return TRUE;

  suggestion = suggest_absolute (source);
  if (source[0] == '~')
    return berth_engine_error_invalid (error,
                                       _("“~” is expanded by a shell, and Berth does not run one: write the full path of “%s”, like %s"),
                                       source, suggestion);
  return berth_engine_error_invalid (error,
                                     _("The folder “%s” must be a full path starting with “/”, like %s"),
                                     source, suggestion);
}

static gboolean
check_container_path (const char  *target,
                      GError     **error)
{
  if (!has (target))
    return berth_engine_error_invalid (error, _("Enter the path inside the container, like /data"));
  if (target[0] != '/')
    return berth_engine_error_invalid (error, _("The path inside the container “%s” must start with “/”, like /data"), target);
  if (strcmp (target, "/") == 0)
    return berth_engine_error_invalid (error, _("A mount cannot replace the whole container (“/”): choose a folder, like /data"));
  return TRUE;
}

static gboolean
check_short_syntax (const BerthRunMount  *self,
                    GError              **error)
{
  if (self->syntax != BERTH_RUN_MOUNT_SYNTAX_VOLUME)
    return TRUE;

  if ((self->kind != BERTH_RUN_MOUNT_TMPFS && has (self->source) && strchr (self->source, ':') != NULL) ||
      strchr (self->target, ':') != NULL)
    return berth_engine_error_invalid (error, _("-v separates its parts with “:”, so a path containing “:” can only be mounted with --mount"));

  if (self->kind == BERTH_RUN_MOUNT_VOLUME && !has (self->source) && self->read_only)
    return berth_engine_error_invalid (error, _("An anonymous volume written with -v cannot be read-only: give the volume a name, or use --mount"));

  return TRUE;
}

/**
 * berth_run_mount_validate:
 *
 * Checks one mount row: a full host path for a folder, a valid volume name,
 * a full path inside the container.
 */
gboolean
berth_run_mount_validate (const BerthRunMount  *self,
                          GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->kind)
    {
    case BERTH_RUN_MOUNT_BIND:
      if (!check_host_folder (self->source, error))
        return FALSE;
      break;
    case BERTH_RUN_MOUNT_VOLUME:
      if (has (self->source) && !berth_validate_object_name (self->source, _("volume"), 2, error))
        return FALSE;
      break;
    case BERTH_RUN_MOUNT_TMPFS:
      if (has (self->source))
        return berth_engine_error_invalid (error, _("A tmpfs mount lives in memory and has no source: leave the source empty"));
      break;
    default:
      return berth_engine_error_invalid (error, _("A mount is a folder, a volume or a tmpfs"));
    }

  return check_container_path (self->target, error) &&
         check_short_syntax (self, error);
}

/* Environment ------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (BerthRunEnv, berth_run_env, berth_run_env_copy, berth_run_env_free)

BerthRunEnv *
berth_run_env_new (const char *key,
                   const char *value)
{
  BerthRunEnv *self = g_new0 (BerthRunEnv, 1);

  self->key = g_strdup (key);
  self->value = g_strdup (value);
  return self;
}

/**
 * berth_run_env_new_from_environment:
 *
 * Returns: (transfer full): a row written `-e KEY`, its value read now from
 *   Berth's own environment (%NULL when it is not set there)
 */
BerthRunEnv *
berth_run_env_new_from_environment (const char *key)
{
  BerthRunEnv *self = berth_run_env_new (key, key ? g_getenv (key) : NULL);

  self->from_environment = TRUE;
  return self;
}

BerthRunEnv *
berth_run_env_copy (const BerthRunEnv *self)
{
  BerthRunEnv *copy = berth_run_env_new (self->key, self->value);

  copy->from_environment = self->from_environment;
  return copy;
}

void
berth_run_env_free (BerthRunEnv *self)
{
  if (self == NULL)
    return;

  g_free (self->key);
  g_free (self->value);
  g_free (self);
}

gboolean
berth_run_env_equal (const BerthRunEnv *a,
                     const BerthRunEnv *b)
{
  return g_strcmp0 (a->key, b->key) == 0 &&
         g_strcmp0 (a->value, b->value) == 0 &&
         !a->from_environment == !b->from_environment;
}

gboolean
berth_run_env_validate (const BerthRunEnv  *self,
                        GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!has (self->key))
    return berth_engine_error_invalid (error, _("The variable needs a name, like MODE in MODE=production"));
  if (strchr (self->key, '=') != NULL)
    return berth_engine_error_invalid (error,
                                       _("The variable name “%s” contains “=”: write the name and the value apart, like MODE and production"),
                                       self->key);
  if (has_space (self->key))
    return berth_engine_error_invalid (error,
                                       _("The variable name “%s” contains a space: use letters, digits and “_”, like MY_VARIABLE"),
                                       self->key);
  return TRUE;
}

/* Problems --------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthRunProblem, berth_run_problem, berth_run_problem_copy, berth_run_problem_free)

static BerthRunProblem *
berth_run_problem_new (BerthRunSpecField  field,
                       guint              row,
                       GError            *error)
{
  BerthRunProblem *self = g_new0 (BerthRunProblem, 1);

  self->field = field;
  self->row = row;
  self->error = error;
  return self;
}

BerthRunProblem *
berth_run_problem_copy (const BerthRunProblem *self)
{
  return berth_run_problem_new (self->field, self->row, g_error_copy (self->error));
}

void
berth_run_problem_free (BerthRunProblem *self)
{
  if (self == NULL)
    return;

  g_clear_error (&self->error);
  g_free (self);
}

/* Values ----------------------------------------------------------------------- */

/**
 * berth_validate_container_name:
 *
 * Checks a name as the engine does: a letter or a digit, then at least one
 * more letter, digit, "_", "." or "-".
 */
gboolean
berth_validate_container_name (const char  *name,
                               GError     **error)
{
  return berth_validate_object_name (name, _("container"), 2, error);
}

static gint64
memory_unit (char c)
{
  switch (g_ascii_tolower (c))
    {
    case 'k': return G_GINT64_CONSTANT (1) << 10;
    case 'm': return G_GINT64_CONSTANT (1) << 20;
    case 'g': return G_GINT64_CONSTANT (1) << 30;
    case 't': return G_GINT64_CONSTANT (1) << 40;
    case 'p': return G_GINT64_CONSTANT (1) << 50;
    default: return 0;
    }
}

/**
 * berth_parse_memory_size:
 * @text: a size as docker reads it: "512m", "2g", "1.5GiB", "1048576"
 * @bytes: (out): the size in bytes
 *
 * Units are binary (k = 1024), as in the docker CLI.
 */
gboolean
berth_parse_memory_size (const char  *text,
                         gint64      *bytes,
                         GError     **error)
{
  g_autofree char *number = NULL;
  const char *p = text;
  gint64 unit = 1;
  double value;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (p == NULL || !g_ascii_isdigit (*p))
    goto bad;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        goto bad;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  number = g_strndup (text, p - text);
  value = g_ascii_strtod (number, NULL);

  if (*p == ' ')
    p++;
  if (memory_unit (*p) != 0)
    {
      unit = memory_unit (*p++);
      if (*p == 'i' || *p == 'I')
        p++;
    }
  if (*p == 'b' || *p == 'B')
    p++;
  if (*p != '\0' || value * (double) unit >= (double) G_MAXINT64)
    goto bad;

  *bytes = (gint64) (value * (double) unit);
  return TRUE;

bad:
  return berth_engine_error_invalid (error, _("“%s” is not a memory size: write a number and a unit (b, k, m or g), like 512m or 2g"),
                                     text ? text : "");
}

/**
 * berth_parse_cpus:
 * @text: a decimal number of CPUs, like "1.5"
 * @nano_cpus: (out): billionths of a CPU, as the engine's NanoCpus
 */
gboolean
berth_parse_cpus (const char  *text,
                  gint64      *nano_cpus,
                  GError     **error)
{
  const char *p = text;
  gint64 whole = 0, fraction = 0, scale = 100000000;
  gboolean digits = FALSE;

  g_return_val_if_fail (nano_cpus != NULL, FALSE);

  for (; p != NULL && g_ascii_isdigit (*p); p++, digits = TRUE)
    {
      if (whole > 1000000)
        goto bad;
      whole = whole * 10 + (*p - '0');
    }
  if (p != NULL && *p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, digits = TRUE)
        {
          if (scale == 0 && *p != '0')
            return berth_engine_error_invalid (error, _("“%s” is too precise: the engine counts CPUs to 9 decimal places"), text);
          fraction += (*p - '0') * scale;
          scale /= 10;
        }
    }
  if (!digits || *p != '\0')
    goto bad;

  *nano_cpus = whole * 1000000000 + fraction;
  return TRUE;

bad:
  return berth_engine_error_invalid (error, _("“%s” is not a number of CPUs: write a number, like 1.5 or 2"), text ? text : "");
}

/* The object ------------------------------------------------------------------- */

struct _BerthRunSpec
{
  GObject          parent_instance;

  char            *image;
  char            *name;
  char            *workdir;
  char            *user;
  char            *entrypoint;     /* NULL: the image's; "": none */
  char            *network;
  char            *hostname;
  char            *memory;
  char            *cpus;
  BerthRunRestart  restart;
  guint            restart_max_retries;
  gboolean         detach;
  gboolean         interactive;
  gboolean         tty;
  gboolean         auto_remove;
  gboolean         publish_all;
  gboolean         privileged;

  GStrv            command;
  GStrv            labels;
  GStrv            env_files;

  GPtrArray       *ports;          /* of BerthRunPort */
  GPtrArray       *mounts;         /* of BerthRunMount */
  GPtrArray       *env;            /* of BerthRunEnv */

  /* What the env files held when they were read, and which files those were. */
  GPtrArray       *file_env;       /* of BerthRunEnv */
  GStrv            file_env_paths;
};

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_NAME,
  PROP_DETACH,
  PROP_INTERACTIVE,
  PROP_TTY,
  PROP_AUTO_REMOVE,
  PROP_PUBLISH_ALL,
  PROP_WORKDIR,
  PROP_USER,
  PROP_ENTRYPOINT,
  PROP_RESTART,
  PROP_RESTART_MAX_RETRIES,
  PROP_NETWORK,
  PROP_HOSTNAME,
  PROP_MEMORY,
  PROP_CPUS,
  PROP_PRIVILEGED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthRunSpec, berth_run_spec, G_TYPE_OBJECT)

static void
emit_changed (BerthRunSpec *self,
              guint         prop)
{
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Empty strings are stored as NULL, except where "" means something. */
static void
set_string (BerthRunSpec *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (prop != PROP_ENTRYPOINT && !has (value))
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  emit_changed (self, prop);
}

static void
set_boolean (BerthRunSpec *self,
             gboolean     *field,
             gboolean      value,
             guint         prop)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  emit_changed (self, prop);
}

static char **
string_field (BerthRunSpec *self,
              guint         prop)
{
  switch (prop)
    {
    case PROP_IMAGE: return &self->image;
    case PROP_NAME: return &self->name;
    case PROP_WORKDIR: return &self->workdir;
    case PROP_USER: return &self->user;
    case PROP_ENTRYPOINT: return &self->entrypoint;
    case PROP_NETWORK: return &self->network;
    case PROP_HOSTNAME: return &self->hostname;
    case PROP_MEMORY: return &self->memory;
    case PROP_CPUS: return &self->cpus;
    default: return NULL;
    }
}

static gboolean *
boolean_field (BerthRunSpec *self,
               guint         prop)
{
  switch (prop)
    {
    case PROP_DETACH: return &self->detach;
    case PROP_INTERACTIVE: return &self->interactive;
    case PROP_TTY: return &self->tty;
    case PROP_AUTO_REMOVE: return &self->auto_remove;
    case PROP_PUBLISH_ALL: return &self->publish_all;
    case PROP_PRIVILEGED: return &self->privileged;
    default: return NULL;
    }
}

static void
berth_run_spec_finalize (GObject *object)
{
  BerthRunSpec *self = BERTH_RUN_SPEC (object);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      char **field = string_field (self, prop);

      if (field != NULL)
        g_free (*field);
    }
  g_strfreev (self->command);
  g_strfreev (self->labels);
  g_strfreev (self->env_files);
  g_strfreev (self->file_env_paths);
  g_ptr_array_unref (self->ports);
  g_ptr_array_unref (self->mounts);
  g_ptr_array_unref (self->env);
  g_ptr_array_unref (self->file_env);

  G_OBJECT_CLASS (berth_run_spec_parent_class)->finalize (object);
}

static void
berth_run_spec_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BerthRunSpec *self = BERTH_RUN_SPEC (object);
  char **string = string_field (self, prop_id);
  gboolean *boolean = boolean_field (self, prop_id);

  if (string != NULL)
    g_value_set_string (value, *string);
  else if (boolean != NULL)
    g_value_set_boolean (value, *boolean);
  else if (prop_id == PROP_RESTART)
    g_value_set_enum (value, self->restart);
  else if (prop_id == PROP_RESTART_MAX_RETRIES)
    g_value_set_uint (value, self->restart_max_retries);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
berth_run_spec_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BerthRunSpec *self = BERTH_RUN_SPEC (object);
  char **string = string_field (self, prop_id);
  gboolean *boolean = boolean_field (self, prop_id);

  if (string != NULL)
    set_string (self, string, g_value_get_string (value), prop_id);
  else if (boolean != NULL)
    set_boolean (self, boolean, g_value_get_boolean (value), prop_id);
  else if (prop_id == PROP_RESTART)
    berth_run_spec_set_restart (self, g_value_get_enum (value), self->restart_max_retries);
  else if (prop_id == PROP_RESTART_MAX_RETRIES)
    berth_run_spec_set_restart (self, self->restart, g_value_get_uint (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
berth_run_spec_class_init (BerthRunSpecClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_run_spec_finalize;
  object_class->get_property = berth_run_spec_get_property;
  object_class->set_property = berth_run_spec_set_property;

  properties[PROP_IMAGE] = string_property ("image");
  properties[PROP_NAME] = string_property ("name");
  properties[PROP_DETACH] = boolean_property ("detach");
  properties[PROP_INTERACTIVE] = boolean_property ("interactive");
  properties[PROP_TTY] = boolean_property ("tty");
  properties[PROP_AUTO_REMOVE] = boolean_property ("auto-remove");
  properties[PROP_PUBLISH_ALL] = boolean_property ("publish-all");
  properties[PROP_WORKDIR] = string_property ("workdir");
  properties[PROP_USER] = string_property ("user");
  properties[PROP_ENTRYPOINT] = string_property ("entrypoint");
  properties[PROP_RESTART] =
    g_param_spec_enum ("restart", NULL, NULL, BERTH_TYPE_RUN_RESTART, BERTH_RUN_RESTART_NO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTART_MAX_RETRIES] =
    g_param_spec_uint ("restart-max-retries", NULL, NULL, 0, G_MAXINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK] = string_property ("network");
  properties[PROP_HOSTNAME] = string_property ("hostname");
  properties[PROP_MEMORY] = string_property ("memory");
  properties[PROP_CPUS] = string_property ("cpus");
  properties[PROP_PRIVILEGED] = boolean_property ("privileged");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthRunSpec::changed:
   *
   * Anything in the spec changed: a field, a row, a list. The CLI line and
   * the request body may differ now.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
berth_run_spec_init (BerthRunSpec *self)
{
  self->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_port_free);
  self->mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_mount_free);
  self->env = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_env_free);
  self->file_env = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_env_free);
}

BerthRunSpec *
berth_run_spec_new (void)
{
  return g_object_new (BERTH_TYPE_RUN_SPEC, NULL);
}

static GPtrArray *
copy_rows (GPtrArray *rows,
           GBoxedCopyFunc copy,
           GDestroyNotify free_func)
{
  GPtrArray *out = g_ptr_array_new_full (rows->len, free_func);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (out, copy (g_ptr_array_index (rows, i)));
  return out;
}

/**
 * berth_run_spec_copy:
 *
 * Returns: (transfer full): an independent copy, e.g. to send while the form
 *   goes on being edited
 */
BerthRunSpec *
berth_run_spec_copy (BerthRunSpec *self)
{
  BerthRunSpec *copy;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);

  copy = berth_run_spec_new ();
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      char **string_from = string_field (self, prop), **string_to = string_field (copy, prop);
      gboolean *boolean_from = boolean_field (self, prop), *boolean_to = boolean_field (copy, prop);

      if (string_from != NULL && string_to != NULL)
        *string_to = g_strdup (*string_from);
      if (boolean_from != NULL && boolean_to != NULL)
        *boolean_to = *boolean_from;
    }
  copy->restart = self->restart;
  copy->restart_max_retries = self->restart_max_retries;
  copy->command = g_strdupv (self->command);
  copy->labels = g_strdupv (self->labels);
  copy->env_files = g_strdupv (self->env_files);
  copy->file_env_paths = g_strdupv (self->file_env_paths);

#define COPY_ROWS(field, type) \
  g_ptr_array_unref (copy->field); \
  copy->field = copy_rows (self->field, (GBoxedCopyFunc) berth_run_##type##_copy, (GDestroyNotify) berth_run_##type##_free)
  COPY_ROWS (ports, port);
  COPY_ROWS (mounts, mount);
  COPY_ROWS (env, env);
  COPY_ROWS (file_env, env);
#undef COPY_ROWS

  return copy;
}

static gboolean
rows_equal (GPtrArray *a,
            GPtrArray *b,
            GEqualFunc equal)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }
  return TRUE;
}

/**
 * berth_run_spec_equal:
 *
 * Returns: whether @a and @b run the same container. What was read from
 *   env files is not compared: it follows from the files.
 */
gboolean
berth_run_spec_equal (BerthRunSpec *a,
                      BerthRunSpec *b)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (a), FALSE);
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (b), FALSE);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      char **string_a = string_field (a, prop), **string_b = string_field (b, prop);
      gboolean *boolean_a = boolean_field (a, prop), *boolean_b = boolean_field (b, prop);

      /* For the entrypoint, "" (none) is not NULL (the image's). */
      if (string_a != NULL && string_b != NULL &&
          !(prop == PROP_ENTRYPOINT ? g_strcmp0 (*string_a, *string_b) == 0 : str_equal (*string_a, *string_b)))
        return FALSE;
      if (boolean_a != NULL && boolean_b != NULL && *boolean_a != *boolean_b)
        return FALSE;
    }

  return a->restart == b->restart &&
         (a->restart != BERTH_RUN_RESTART_ON_FAILURE || a->restart_max_retries == b->restart_max_retries) &&
         _berth_strv_equal ((const char * const *) a->command, (const char * const *) b->command) &&
         _berth_strv_equal ((const char * const *) a->labels, (const char * const *) b->labels) &&
         _berth_strv_equal ((const char * const *) a->env_files, (const char * const *) b->env_files) &&
         rows_equal (a->ports, b->ports, (GEqualFunc) berth_run_port_equal) &&
         rows_equal (a->mounts, b->mounts, (GEqualFunc) berth_run_mount_equal) &&
         rows_equal (a->env, b->env, (GEqualFunc) berth_run_env_equal);
}

/* Plain fields ----------------------------------------------------------------- */

#define STRING_ACCESSORS(field, PROP)                                     \
  const char *                                                           \
  berth_run_spec_get_##field (BerthRunSpec *self)                         \
  {                                                                      \
    g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);               \
    return self->field;                                                  \
  }                                                                      \
  void                                                                   \
  berth_run_spec_set_##field (BerthRunSpec *self,                         \
                              const char   *value)                        \
  {                                                                      \
    g_return_if_fail (BERTH_IS_RUN_SPEC (self));                         \
    set_string (self, &self->field, value, PROP);                        \
  }

#define BOOLEAN_ACCESSORS(field, PROP)                                    \
  gboolean                                                               \
  berth_run_spec_get_##field (BerthRunSpec *self)                         \
  {                                                                      \
    g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), FALSE);              \
    return self->field;                                                  \
  }                                                                      \
  void                                                                   \
  berth_run_spec_set_##field (BerthRunSpec *self,                         \
                              gboolean      value)                        \
  {                                                                      \
    g_return_if_fail (BERTH_IS_RUN_SPEC (self));                         \
    set_boolean (self, &self->field, value, PROP);                       \
  }

/* The image as written, like "nginx" or "nginx:1.25". */
STRING_ACCESSORS (image, PROP_IMAGE)
/* --name: NULL lets the engine choose one. */
STRING_ACCESSORS (name, PROP_NAME)
/* -w: NULL keeps the image's. */
STRING_ACCESSORS (workdir, PROP_WORKDIR)
/* -u: "name", "uid" or "uid:gid"; NULL keeps the image's. */
STRING_ACCESSORS (user, PROP_USER)
/* --entrypoint: NULL keeps the image's, "" clears it. */
STRING_ACCESSORS (entrypoint, PROP_ENTRYPOINT)
/* --network: a network name, "host", "none", or NULL for the default. */
STRING_ACCESSORS (network, PROP_NETWORK)
/* -h */
STRING_ACCESSORS (hostname, PROP_HOSTNAME)
/* -m: as typed, like "512m"; see berth_parse_memory_size(). */
STRING_ACCESSORS (memory, PROP_MEMORY)
/* --cpus: as typed, like "1.5"; see berth_parse_cpus(). */
STRING_ACCESSORS (cpus, PROP_CPUS)

/* -d */
BOOLEAN_ACCESSORS (detach, PROP_DETACH)
/* -i */
BOOLEAN_ACCESSORS (interactive, PROP_INTERACTIVE)
/* -t */
BOOLEAN_ACCESSORS (tty, PROP_TTY)
/* --rm */
BOOLEAN_ACCESSORS (auto_remove, PROP_AUTO_REMOVE)
/* -P */
BOOLEAN_ACCESSORS (publish_all, PROP_PUBLISH_ALL)
/* --privileged */
BOOLEAN_ACCESSORS (privileged, PROP_PRIVILEGED)

#undef STRING_ACCESSORS
#undef BOOLEAN_ACCESSORS

BerthRunRestart
berth_run_spec_get_restart (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), BERTH_RUN_RESTART_NO);
  return self->restart;
}

/* The N of on-failure:N; 0 for no limit. Only on-failure uses it. */
guint
berth_run_spec_get_restart_max_retries (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), 0);
  return self->restart_max_retries;
}

/**
 * berth_run_spec_set_restart:
 * @max_retries: for %BERTH_RUN_RESTART_ON_FAILURE, how many times at most
 *   (0: no limit); kept but unused for the other policies
 */
void
berth_run_spec_set_restart (BerthRunSpec    *self,
                            BerthRunRestart  restart,
                            guint            max_retries)
{
  g_return_if_fail (BERTH_IS_RUN_SPEC (self));
  g_return_if_fail (max_retries <= G_MAXINT32);

  if (self->restart == restart && self->restart_max_retries == max_retries)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->restart != restart)
    {
      self->restart = restart;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTART]);
    }
  if (self->restart_max_retries != max_retries)
    {
      self->restart_max_retries = max_retries;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTART_MAX_RETRIES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self, PROP_0);
}

/* Lists of words --------------------------------------------------------------- */

static void
set_strv (BerthRunSpec        *self,
          GStrv               *field,
          const char * const  *value)
{
  if (_berth_strv_equal ((const char * const *) *field, value))
    return;

  g_strfreev (*field);
  *field = value && value[0] ? g_strdupv ((char **) value) : NULL;
  emit_changed (self, PROP_0);
}

static const char * const *
get_strv (GStrv strv)
{
  static const char * const empty[] = { NULL };

  return strv ? (const char * const *) strv : empty;
}

/* The command and its arguments, after the image; empty for the image's. */
const char * const *
berth_run_spec_get_command (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  return get_strv (self->command);
}

void
berth_run_spec_set_command (BerthRunSpec       *self,
                            const char * const *argv)
{
  g_return_if_fail (BERTH_IS_RUN_SPEC (self));
  set_strv (self, &self->command, argv);
}

/* The command as a shell line, quoted where needed: echo 'Hello, Docker!' */
char *
berth_run_spec_dup_command_line (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  return berth_shell_join (get_strv (self->command));
}

/**
 * berth_run_spec_set_command_line:
 * @line: the command as typed, split the way a POSIX shell would
 *
 * Returns: %FALSE, leaving the command as it was, when @line cannot be
 *   split (an unbalanced quote, shell syntax)
 */
gboolean
berth_run_spec_set_command_line (BerthRunSpec  *self,
                                 const char    *line,
                                 GError       **error)
{
  g_auto (GStrv) argv = NULL;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), FALSE);

  if (!berth_shell_split (line ? line : "", &argv, error))
    return FALSE;

  berth_run_spec_set_command (self, (const char * const *) argv);
  return TRUE;
}

/* -l: "key=value" (or "key" for an empty value). */
const char * const *
berth_run_spec_get_labels (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  return get_strv (self->labels);
}

void
berth_run_spec_set_labels (BerthRunSpec       *self,
                           const char * const *labels)
{
  g_return_if_fail (BERTH_IS_RUN_SPEC (self));
  set_strv (self, &self->labels, labels);
}

/* --env-file: full paths; see berth_run_spec_load_env_files_async(). */
const char * const *
berth_run_spec_get_env_files (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  return get_strv (self->env_files);
}

void
berth_run_spec_set_env_files (BerthRunSpec       *self,
                              const char * const *paths)
{
  g_return_if_fail (BERTH_IS_RUN_SPEC (self));
  set_strv (self, &self->env_files, paths);
}

/* Rows ------------------------------------------------------------------------- */

static void
add_row (BerthRunSpec *self,
         GPtrArray    *rows,
         gpointer      row)
{
  g_ptr_array_add (rows, row);
  emit_changed (self, PROP_0);
}

static void
replace_row (BerthRunSpec *self,
             GPtrArray    *rows,
             guint         index,
             gpointer      row,
             GEqualFunc    equal)
{
  GDestroyNotify free_func = rows == self->ports ? (GDestroyNotify) berth_run_port_free
                           : rows == self->mounts ? (GDestroyNotify) berth_run_mount_free
                           : (GDestroyNotify) berth_run_env_free;

  if (equal (g_ptr_array_index (rows, index), row))
    {
      free_func (row);
      return;
    }

  free_func (g_ptr_array_index (rows, index));
  g_ptr_array_index (rows, index) = row;
  emit_changed (self, PROP_0);
}

static void
remove_row (BerthRunSpec *self,
            GPtrArray    *rows,
            guint         index)
{
  g_ptr_array_remove_index (rows, index);
  emit_changed (self, PROP_0);
}

#define ROW_ACCESSORS(type, Type, rows)                                              \
  guint                                                                             \
  berth_run_spec_get_n_##rows (BerthRunSpec *self)                                   \
  {                                                                                 \
    g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), 0);                             \
    return self->rows->len;                                                         \
  }                                                                                 \
  const BerthRun##Type *                                                            \
  berth_run_spec_get_##type (BerthRunSpec *self,                                     \
                             guint         index)                                    \
  {                                                                                 \
    g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);                          \
    g_return_val_if_fail (index < self->rows->len, NULL);                           \
    return g_ptr_array_index (self->rows, index);                                   \
  }                                                                                 \
  void                                                                              \
  berth_run_spec_add_##type (BerthRunSpec          *self,                            \
                             const BerthRun##Type  *row)                             \
  {                                                                                 \
    g_return_if_fail (BERTH_IS_RUN_SPEC (self));                                    \
    g_return_if_fail (row != NULL);                                                 \
    add_row (self, self->rows, berth_run_##type##_copy (row));                      \
  }                                                                                 \
  void                                                                              \
  berth_run_spec_replace_##type (BerthRunSpec          *self,                        \
                                 guint                  index,                       \
                                 const BerthRun##Type  *row)                         \
  {                                                                                 \
    g_return_if_fail (BERTH_IS_RUN_SPEC (self));                                    \
    g_return_if_fail (row != NULL);                                                 \
    g_return_if_fail (index < self->rows->len);                                     \
    replace_row (self, self->rows, index, berth_run_##type##_copy (row),            \
                 (GEqualFunc) berth_run_##type##_equal);                             \
  }                                                                                 \
  void                                                                              \
  berth_run_spec_remove_##type (BerthRunSpec *self,                                  \
                                guint         index)                                 \
  {                                                                                 \
    g_return_if_fail (BERTH_IS_RUN_SPEC (self));                                    \
    g_return_if_fail (index < self->rows->len);                                     \
    remove_row (self, self->rows, index);                                           \
  }

/* -p rows */
ROW_ACCESSORS (port, Port, ports)
/* -v, --mount and --tmpfs rows, in the order written */
ROW_ACCESSORS (mount, Mount, mounts)
/* -e rows */
ROW_ACCESSORS (env, Env, env)

#undef ROW_ACCESSORS

/* Whether what the env files hold has been read, for the files set now. */
gboolean
berth_run_spec_get_env_files_loaded (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), FALSE);

  if (self->env_files == NULL)
    return TRUE;
  return self->file_env_paths != NULL &&
         _berth_strv_equal ((const char * const *) self->env_files,
                            (const char * const *) self->file_env_paths);
}

guint
berth_run_spec_get_n_file_env (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), 0);
  return self->file_env->len;
}

const BerthRunEnv *
berth_run_spec_get_file_env (BerthRunSpec *self,
                             guint         index)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  g_return_val_if_fail (index < self->file_env->len, NULL);
  return g_ptr_array_index (self->file_env, index);
}

/* Validation ------------------------------------------------------------------- */

static gboolean
check_image (const char  *image,
             GError     **error)
{
  if (!has (image))
    return berth_engine_error_invalid (error, _("Choose the image to run, like nginx or ubuntu:24.04"));
  return berth_reference_validate (image, error);
}

static gboolean
check_absolute (const char  *path,
                GError     **error)
{
  if (path[0] != '/')
    return berth_engine_error_invalid (error, _("The working directory “%s” must be a full path starting with “/”, like /app"), path);
  return TRUE;
}

static gboolean
check_user (const char  *user,
            GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (user, ":", -1);
  guint n = g_strv_length (parts);

  if (has_space (user) || n > 2 || !has (parts[0]) || (n == 2 && !has (parts[1])))
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a user: write a name or a number, optionally with a group after “:”, like www-data or 1000:1000"),
                                       user);
  return TRUE;
}

static gboolean
check_restart (BerthRunSpec  *self,
               GError       **error)
{
  if (self->auto_remove && self->restart != BERTH_RUN_RESTART_NO)
    return berth_engine_error_invalid (error,
                                       _("A container removed when it stops (--rm) cannot also be restarted (--restart %s): turn one of them off"),
                                       restart_name (self->restart));
  return TRUE;
}

static gboolean
check_network (const char  *network,
               GError     **error)
{
  if (has_space (network) || strcmp (network, "container:") == 0)
    return berth_engine_error_invalid (error, _("“%s” is not a network name, like bridge, host or my-network"), network);
  return TRUE;
}

static gboolean
check_hostname (const char  *hostname,
                GError     **error)
{
  gboolean ok = strlen (hostname) <= MAX_HOSTNAME && g_ascii_isalnum (hostname[0]);

  for (const char *p = hostname; ok && *p; p++)
    ok = g_ascii_isalnum (*p) || *p == '-' || *p == '.';
  if (!ok)
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a host name: use up to %d letters, digits, “-” and “.”, starting with a letter or digit, like web-1"),
                                       hostname, MAX_HOSTNAME);
  return TRUE;
}

static gboolean
check_memory (const char  *memory,
              GError     **error)
{
  gint64 bytes;

  if (!berth_parse_memory_size (memory, &bytes, error))
    return FALSE;
  if (bytes < MIN_MEMORY)
    return berth_engine_error_invalid (error, _("The memory limit %s is below 6 MB, the engine's minimum: give more, like 512m"), memory);
  return TRUE;
}

static gboolean
check_cpus (const char  *cpus,
            GError     **error)
{
  gint64 nano;

  if (!berth_parse_cpus (cpus, &nano, error))
    return FALSE;
  if (nano <= 0)
    return berth_engine_error_invalid (error, _("The number of CPUs must be more than 0, like 0.5 or 2"));
  return TRUE;
}

static gboolean
check_env_file (const char  *path,
                GError     **error)
{
  g_autofree char *suggestion = NULL;

  if (path[0] == '/')
    return TRUE;

  suggestion = suggest_absolute (path);
  return berth_engine_error_invalid (error,
                                     _("The env file “%s” must be a full path starting with “/”, like %s: Berth cannot know which folder it is in"),
                                     path, suggestion);
}

static void
report (GPtrArray         *problems,
        BerthRunSpecField  field,
        guint              row,
        gboolean           ok,
        GError            *error)
{
  g_assert (ok == (error == NULL));

  if (!ok)
    g_ptr_array_add (problems, berth_run_problem_new (field, row, error));
}

/* Every check, in the order of the form. */
static GPtrArray *
collect_problems (BerthRunSpec *self)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_problem_free);
  GError *error = NULL;

#define CHECK(field, row, call) \
  G_STMT_START { gboolean _ok = (call); report (problems, (field), (row), _ok, error); error = NULL; } G_STMT_END

  CHECK (BERTH_RUN_SPEC_FIELD_IMAGE, 0, check_image (self->image, &error));
  if (self->name != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_NAME, 0, berth_validate_container_name (self->name, &error));
  for (guint i = 0; i < self->ports->len; i++)
    CHECK (BERTH_RUN_SPEC_FIELD_PORTS, i, berth_run_port_validate (g_ptr_array_index (self->ports, i), &error));
  for (guint i = 0; i < self->mounts->len; i++)
    CHECK (BERTH_RUN_SPEC_FIELD_MOUNTS, i, berth_run_mount_validate (g_ptr_array_index (self->mounts, i), &error));
  for (guint i = 0; i < self->env->len; i++)
    CHECK (BERTH_RUN_SPEC_FIELD_ENV, i, berth_run_env_validate (g_ptr_array_index (self->env, i), &error));
  for (guint i = 0; self->env_files != NULL && self->env_files[i] != NULL; i++)
    CHECK (BERTH_RUN_SPEC_FIELD_ENV_FILES, i, check_env_file (self->env_files[i], &error));
  if (self->workdir != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_WORKDIR, 0, check_absolute (self->workdir, &error));
  if (self->user != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_USER, 0, check_user (self->user, &error));
  CHECK (BERTH_RUN_SPEC_FIELD_RESTART, 0, check_restart (self, &error));
  if (self->network != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_NETWORK, 0, check_network (self->network, &error));
  if (self->hostname != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_HOSTNAME, 0, check_hostname (self->hostname, &error));
  for (guint i = 0; self->labels != NULL && self->labels[i] != NULL; i++)
    CHECK (BERTH_RUN_SPEC_FIELD_LABELS, i, berth_validate_label (self->labels[i], &error));
  if (self->memory != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_MEMORY, 0, check_memory (self->memory, &error));
  if (self->cpus != NULL)
    CHECK (BERTH_RUN_SPEC_FIELD_CPUS, 0, check_cpus (self->cpus, &error));

#undef CHECK

  return problems;
}

/**
 * berth_run_spec_get_problems:
 *
 * Every invalid field, for marking each one in the form.
 *
 * Returns: (transfer full) (element-type BerthRunProblem): the problems in
 *   the order of the form, empty when the spec can be sent
 */
GPtrArray *
berth_run_spec_get_problems (BerthRunSpec *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);
  return collect_problems (self);
}

/**
 * berth_run_spec_validate:
 * @field: (out) (optional): where the first problem is
 * @row: (out) (optional): its row, for fields with rows (else 0)
 *
 * Checks everything that can be checked without the engine. Each message
 * says what is wrong and what would be right.
 *
 * Returns: %FALSE with @error (%BERTH_ENGINE_ERROR_INVALID_ARGUMENT) set at
 *   the first problem
 */
gboolean
berth_run_spec_validate (BerthRunSpec       *self,
                         BerthRunSpecField  *field,
                         guint              *row,
                         GError            **error)
{
  g_autoptr (GPtrArray) problems = NULL;
  BerthRunProblem *first;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), FALSE);

  problems = collect_problems (self);
  first = problems->len > 0 ? g_ptr_array_index (problems, 0) : NULL;
  if (field != NULL)
    *field = first ? first->field : BERTH_RUN_SPEC_FIELD_NONE;
  if (row != NULL)
    *row = first ? first->row : 0;
  if (first == NULL)
    return TRUE;

  if (error != NULL)
    *error = g_error_copy (first->error);
  return FALSE;
}

/* Conflicts with what exists --------------------------------------------------- */

static gboolean
every_address (const char *ip)
{
  return !has (ip) || strcmp (ip, "0.0.0.0") == 0 || strcmp (ip, "::") == 0 || strcmp (ip, "[::]") == 0;
}

static gboolean
addresses_overlap (const char *a,
                   const char *b)
{
  g_autofree char *bare_a = strip_brackets (a);
  g_autofree char *bare_b = strip_brackets (b);

  return every_address (a) || every_address (b) || strcmp (bare_a, bare_b) == 0;
}

static const BerthPort *
find_published (BerthContainer     *container,
                const BerthRunPort *port)
{
  GPtrArray *published = berth_container_get_ports (container);
  guint64 start, end;

  if (published == NULL || !parse_range (port->host_port, &start, &end))
    return NULL;

  for (guint i = 0; i < published->len; i++)
    {
      const BerthPort *p = g_ptr_array_index (published, i);

      if (p->public_port != 0 && p->public_port >= start && p->public_port <= end &&
          g_strcmp0 (p->protocol, protocol_name (port->protocol)) == 0 &&
          addresses_overlap (port->host_ip, p->ip))
        return p;
    }
  return NULL;
}

static void
set_field (BerthRunSpecField *field,
           guint             *row,
           BerthRunSpecField  value,
           guint              index)
{
  if (field != NULL)
    *field = value;
  if (row != NULL)
    *row = index;
}

/**
 * berth_run_spec_check_conflicts:
 * @containers: (element-type BerthContainer): the engine's containers
 * @field: (out) (optional): %BERTH_RUN_SPEC_FIELD_NAME or _PORTS
 * @row: (out) (optional): the port row
 *
 * Checks the spec against what already exists: a container with the same
 * name, a host port another container publishes. Pure: it only reads
 * @containers.
 */
gboolean
berth_run_spec_check_conflicts (BerthRunSpec       *self,
                                GListModel         *containers,
                                BerthRunSpecField  *field,
                                guint              *row,
                                GError            **error)
{
  guint n;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (containers), FALSE);

  set_field (field, row, BERTH_RUN_SPEC_FIELD_NONE, 0);
  n = g_list_model_get_n_items (containers);

  for (guint i = 0; self->name != NULL && i < n; i++)
    {
      g_autoptr (BerthContainer) container = g_list_model_get_item (containers, i);

      if (g_strcmp0 (berth_container_get_name (container), self->name) == 0)
        {
          set_field (field, row, BERTH_RUN_SPEC_FIELD_NAME, 0);
          return berth_engine_error_invalid (error,
                                             _("A container named “%s” already exists: choose another name, or remove that container first"),
                                             self->name);
        }
    }

  for (guint r = 0; r < self->ports->len; r++)
    {
      const BerthRunPort *port = g_ptr_array_index (self->ports, r);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (BerthContainer) container = g_list_model_get_item (containers, i);
          const BerthPort *published = find_published (container, port);

          if (published != NULL)
            {
              set_field (field, row, BERTH_RUN_SPEC_FIELD_PORTS, r);
              return berth_engine_error_invalid (error,
                                                 _("Port %u is already published by the container “%s”: choose another host port, or leave it empty for a random one"),
                                                 published->public_port, berth_container_get_name (container));
            }
        }
    }

  return TRUE;
}

/* The CLI line ----------------------------------------------------------------- */

/* --mount takes comma-separated values, quoted as CSV when they need it. */
static void
append_csv (GString    *out,
            const char *key,
            const char *value)
{
  g_autofree char *field = value ? g_strdup_printf ("%s=%s", key, value) : g_strdup (key);

  if (out->len > 0)
    g_string_append_c (out, ',');
  if (strpbrk (field, ",\"") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
mount_to_csv (const BerthRunMount *mount)
{
  GString *out = g_string_new (NULL);

  append_csv (out, "type", mount_type (mount->kind));
  if (mount->kind != BERTH_RUN_MOUNT_TMPFS && has (mount->source))
    append_csv (out, "source", mount->source);
  append_csv (out, "target", mount->target ? mount->target : "");
  if (mount->read_only)
    append_csv (out, "readonly", NULL);
  return g_string_free (out, FALSE);
}

static void
add_mount_flags (GStrvBuilder        *argv,
                 const BerthRunMount *mount)
{
  g_autofree char *value = NULL;
  const char *target = mount->target ? mount->target : "";

  if (mount->syntax == BERTH_RUN_MOUNT_SYNTAX_MOUNT)
    {
      value = mount_to_csv (mount);
      g_strv_builder_addv (argv, (const char *[]) { "--mount", value, NULL });
      return;
    }

  if (mount->kind == BERTH_RUN_MOUNT_TMPFS)
    {
      value = g_strconcat (target, mount->read_only ? ":ro" : NULL, NULL);
      g_strv_builder_addv (argv, (const char *[]) { "--tmpfs", value, NULL });
      return;
    }

  if (has (mount->source))
    value = g_strconcat (mount->source, ":", target, mount->read_only ? ":ro" : NULL, NULL);
  else
    value = g_strdup (target);
  g_strv_builder_addv (argv, (const char *[]) { "-v", value, NULL });
}

static void
add_pair (GStrvBuilder *argv,
          const char   *flag,
          const char   *value)
{
  if (value != NULL)
    g_strv_builder_addv (argv, (const char *[]) { flag, value, NULL });
}

static void
add_mode_flags (GStrvBuilder *argv,
                BerthRunSpec *self)
{
  if (self->detach)
    g_strv_builder_add (argv, "-d");
  if (self->interactive && self->tty)
    g_strv_builder_add (argv, "-it");
  else if (self->interactive)
    g_strv_builder_add (argv, "-i");
  else if (self->tty)
    g_strv_builder_add (argv, "-t");
  if (self->auto_remove)
    g_strv_builder_add (argv, "--rm");
}

static void
add_row_flags (GStrvBuilder *argv,
               BerthRunSpec *self)
{
  for (guint i = 0; i < self->ports->len; i++)
    {
      g_autofree char *value = berth_run_port_to_string (g_ptr_array_index (self->ports, i));

      add_pair (argv, "-p", value);
    }
  if (self->publish_all)
    g_strv_builder_add (argv, "-P");
  for (guint i = 0; i < self->mounts->len; i++)
    add_mount_flags (argv, g_ptr_array_index (self->mounts, i));
  for (guint i = 0; i < self->env->len; i++)
    {
      const BerthRunEnv *env = g_ptr_array_index (self->env, i);
      g_autofree char *value = env->from_environment
                                 ? g_strdup (env->key ? env->key : "")
                                 : g_strdup_printf ("%s=%s", env->key ? env->key : "", env->value ? env->value : "");

      add_pair (argv, "-e", value);
    }
  for (guint i = 0; self->env_files != NULL && self->env_files[i] != NULL; i++)
    add_pair (argv, "--env-file", self->env_files[i]);
}

static void
add_option_flags (GStrvBuilder *argv,
                  BerthRunSpec *self)
{
  add_pair (argv, "-w", self->workdir);
  add_pair (argv, "-u", self->user);
  add_pair (argv, "--entrypoint", self->entrypoint);
  if (self->restart == BERTH_RUN_RESTART_ON_FAILURE && self->restart_max_retries > 0)
    {
      g_autofree char *value = g_strdup_printf ("on-failure:%u", self->restart_max_retries);

      add_pair (argv, "--restart", value);
    }
  else if (self->restart != BERTH_RUN_RESTART_NO)
    add_pair (argv, "--restart", restart_name (self->restart));
  add_pair (argv, "--network", self->network);
  add_pair (argv, "-h", self->hostname);
  for (guint i = 0; self->labels != NULL && self->labels[i] != NULL; i++)
    add_pair (argv, "-l", self->labels[i]);
  add_pair (argv, "-m", self->memory);
  add_pair (argv, "--cpus", self->cpus);
  if (self->privileged)
    g_strv_builder_add (argv, "--privileged");
}

/**
 * berth_run_spec_to_argv:
 *
 * The docker command that runs the same container, flags in a stable order:
 * -d, -it, --rm, --name, -p, -P, -v/--mount/--tmpfs, -e, --env-file, -w, -u,
 * --entrypoint, --restart, --network, -h, -l, -m, --cpus, --privileged, the
 * image, then the command.
 *
 * Returns: (transfer full): the arguments, starting with "docker", "run"
 */
char **
berth_run_spec_to_argv (BerthRunSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", "run", NULL });
  add_mode_flags (argv, self);
  add_pair (argv, "--name", self->name);
  add_row_flags (argv, self);
  add_option_flags (argv, self);
  /* "--" keeps an image that looks like a flag (only reachable by pasting
   * "-- -x", and invalid anyway) from being read back as one. */
  if (self->image != NULL && self->image[0] == '-')
    g_strv_builder_add (argv, "--");
  if (self->image != NULL)
    g_strv_builder_add (argv, self->image);
  if (self->command != NULL)
    g_strv_builder_addv (argv, (const char **) self->command);

  return g_strv_builder_end (argv);
}

/**
 * berth_run_spec_to_command:
 *
 * Returns: (transfer full): berth_run_spec_to_argv() quoted for a POSIX
 *   shell, only where needed: docker run --rm busybox echo 'Hello, Docker!'
 */
char *
berth_run_spec_to_command (BerthRunSpec *self)
{
  g_auto (GStrv) argv = berth_run_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

/* Reading a pasted command ----------------------------------------------------- */

typedef enum
{
  OPT_UNSUPPORTED,
  OPT_IGNORED,      /* only changes what the docker CLI itself prints or does */
  OPT_HELP,
  OPT_DETACH,
  OPT_INTERACTIVE,
  OPT_TTY,
  OPT_RM,
  OPT_PUBLISH_ALL,
  OPT_PRIVILEGED,
  OPT_NAME,
  OPT_PUBLISH,
  OPT_VOLUME,
  OPT_MOUNT,
  OPT_TMPFS,
  OPT_ENV,
  OPT_ENV_FILE,
  OPT_WORKDIR,
  OPT_USER,
  OPT_ENTRYPOINT,
  OPT_RESTART,
  OPT_NETWORK,
  OPT_HOSTNAME,
  OPT_LABEL,
  OPT_MEMORY,
  OPT_CPUS,
} RunOption;

typedef struct
{
  const char *name;
  char        short_name;
  gboolean    takes_value;
  RunOption   option;
  const char *example;      /* for "needs a value" messages */
} RunFlag;

#define V TRUE    /* takes a value */
#define B FALSE   /* a boolean */

/* Every option of `docker run` (docker CLI 28, hidden aliases included), so
 * that an unsupported option's value is never taken for the image. */
static const RunFlag run_flags[] = {
  { "add-host", 0, V, OPT_UNSUPPORTED, NULL },
  { "annotation", 0, V, OPT_UNSUPPORTED, NULL },
  { "attach", 'a', V, OPT_UNSUPPORTED, NULL },
  { "blkio-weight", 0, V, OPT_UNSUPPORTED, NULL },
  { "blkio-weight-device", 0, V, OPT_UNSUPPORTED, NULL },
  { "cap-add", 0, V, OPT_UNSUPPORTED, NULL },
  { "cap-drop", 0, V, OPT_UNSUPPORTED, NULL },
  { "cgroup-parent", 0, V, OPT_UNSUPPORTED, NULL },
  { "cgroupns", 0, V, OPT_UNSUPPORTED, NULL },
  { "cidfile", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-count", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-percent", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-period", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-quota", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-rt-period", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-rt-runtime", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpu-shares", 'c', V, OPT_UNSUPPORTED, NULL },
  { "cpus", 0, V, OPT_CPUS, "--cpus 1.5" },
  { "cpuset-cpus", 0, V, OPT_UNSUPPORTED, NULL },
  { "cpuset-mems", 0, V, OPT_UNSUPPORTED, NULL },
  { "credentialspec", 0, V, OPT_UNSUPPORTED, NULL },
  { "detach", 'd', B, OPT_DETACH, NULL },
  { "detach-keys", 0, V, OPT_UNSUPPORTED, NULL },
  { "device", 0, V, OPT_UNSUPPORTED, NULL },
  { "device-cgroup-rule", 0, V, OPT_UNSUPPORTED, NULL },
  { "device-read-bps", 0, V, OPT_UNSUPPORTED, NULL },
  { "device-read-iops", 0, V, OPT_UNSUPPORTED, NULL },
  { "device-write-bps", 0, V, OPT_UNSUPPORTED, NULL },
  { "device-write-iops", 0, V, OPT_UNSUPPORTED, NULL },
  { "disable-content-trust", 0, B, OPT_IGNORED, NULL },
  { "dns", 0, V, OPT_UNSUPPORTED, NULL },
  { "dns-opt", 0, V, OPT_UNSUPPORTED, NULL },
  { "dns-option", 0, V, OPT_UNSUPPORTED, NULL },
  { "dns-search", 0, V, OPT_UNSUPPORTED, NULL },
  { "domainname", 0, V, OPT_UNSUPPORTED, NULL },
  { "entrypoint", 0, V, OPT_ENTRYPOINT, "--entrypoint sh" },
  { "env", 'e', V, OPT_ENV, "-e MODE=production" },
  { "env-file", 0, V, OPT_ENV_FILE, "--env-file /home/me/app.env" },
  { "expose", 0, V, OPT_UNSUPPORTED, NULL },
  { "gpus", 0, V, OPT_UNSUPPORTED, NULL },
  { "group-add", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-cmd", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-interval", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-retries", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-start-interval", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-start-period", 0, V, OPT_UNSUPPORTED, NULL },
  { "health-timeout", 0, V, OPT_UNSUPPORTED, NULL },
  { "help", 0, B, OPT_HELP, NULL },
  { "hostname", 'h', V, OPT_HOSTNAME, "-h web" },
  { "init", 0, B, OPT_UNSUPPORTED, NULL },
  { "interactive", 'i', B, OPT_INTERACTIVE, NULL },
  { "io-maxbandwidth", 0, V, OPT_UNSUPPORTED, NULL },
  { "io-maxiops", 0, V, OPT_UNSUPPORTED, NULL },
  { "ip", 0, V, OPT_UNSUPPORTED, NULL },
  { "ip6", 0, V, OPT_UNSUPPORTED, NULL },
  { "ipc", 0, V, OPT_UNSUPPORTED, NULL },
  { "isolation", 0, V, OPT_UNSUPPORTED, NULL },
  { "kernel-memory", 0, V, OPT_UNSUPPORTED, NULL },
  { "label", 'l', V, OPT_LABEL, "-l project=web" },
  { "label-file", 0, V, OPT_UNSUPPORTED, NULL },
  { "link", 0, V, OPT_UNSUPPORTED, NULL },
  { "link-local-ip", 0, V, OPT_UNSUPPORTED, NULL },
  { "log-driver", 0, V, OPT_UNSUPPORTED, NULL },
  { "log-opt", 0, V, OPT_UNSUPPORTED, NULL },
  { "mac-address", 0, V, OPT_UNSUPPORTED, NULL },
  { "memory", 'm', V, OPT_MEMORY, "-m 512m" },
  { "memory-reservation", 0, V, OPT_UNSUPPORTED, NULL },
  { "memory-swap", 0, V, OPT_UNSUPPORTED, NULL },
  { "memory-swappiness", 0, V, OPT_UNSUPPORTED, NULL },
  { "mount", 0, V, OPT_MOUNT, "--mount type=bind,source=/home/me/data,target=/data" },
  { "name", 0, V, OPT_NAME, "--name web" },
  { "net", 0, V, OPT_NETWORK, "--net my-network" },
  { "net-alias", 0, V, OPT_UNSUPPORTED, NULL },
  { "network", 0, V, OPT_NETWORK, "--network my-network" },
  { "network-alias", 0, V, OPT_UNSUPPORTED, NULL },
  { "no-healthcheck", 0, B, OPT_UNSUPPORTED, NULL },
  { "oom-kill-disable", 0, B, OPT_UNSUPPORTED, NULL },
  { "oom-score-adj", 0, V, OPT_UNSUPPORTED, NULL },
  { "pid", 0, V, OPT_UNSUPPORTED, NULL },
  { "pids-limit", 0, V, OPT_UNSUPPORTED, NULL },
  { "platform", 0, V, OPT_UNSUPPORTED, NULL },
  { "privileged", 0, B, OPT_PRIVILEGED, NULL },
  { "publish", 'p', V, OPT_PUBLISH, "-p 8080:80" },
  { "publish-all", 'P', B, OPT_PUBLISH_ALL, NULL },
  { "pull", 0, V, OPT_UNSUPPORTED, NULL },
  { "quiet", 'q', B, OPT_IGNORED, NULL },
  { "read-only", 0, B, OPT_UNSUPPORTED, NULL },
  { "restart", 0, V, OPT_RESTART, "--restart always" },
  { "rm", 0, B, OPT_RM, NULL },
  { "runtime", 0, V, OPT_UNSUPPORTED, NULL },
  { "security-opt", 0, V, OPT_UNSUPPORTED, NULL },
  { "shm-size", 0, V, OPT_UNSUPPORTED, NULL },
  { "sig-proxy", 0, B, OPT_IGNORED, NULL },
  { "stop-signal", 0, V, OPT_UNSUPPORTED, NULL },
  { "stop-timeout", 0, V, OPT_UNSUPPORTED, NULL },
  { "storage-opt", 0, V, OPT_UNSUPPORTED, NULL },
  { "sysctl", 0, V, OPT_UNSUPPORTED, NULL },
  { "tmpfs", 0, V, OPT_TMPFS, "--tmpfs /tmp" },
  { "tty", 't', B, OPT_TTY, NULL },
  { "ulimit", 0, V, OPT_UNSUPPORTED, NULL },
  { "use-api-socket", 0, B, OPT_UNSUPPORTED, NULL },
  { "user", 'u', V, OPT_USER, "-u 1000" },
  { "userns", 0, V, OPT_UNSUPPORTED, NULL },
  { "uts", 0, V, OPT_UNSUPPORTED, NULL },
  { "volume", 'v', V, OPT_VOLUME, "-v /home/me/data:/data" },
  { "volume-driver", 0, V, OPT_UNSUPPORTED, NULL },
  { "volumes-from", 0, V, OPT_UNSUPPORTED, NULL },
  { "workdir", 'w', V, OPT_WORKDIR, "-w /app" },
};

#undef V
#undef B

static const RunFlag *
find_long_flag (const char *name,
                gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_flags); i++)
    {
      if (strlen (run_flags[i].name) == len && strncmp (run_flags[i].name, name, len) == 0)
        return &run_flags[i];
    }
  return NULL;
}

static const RunFlag *
find_short_flag (char c)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_flags); i++)
    {
      if (run_flags[i].short_name == c)
        return &run_flags[i];
    }
  return NULL;
}

typedef struct
{
  BerthRunSpec *spec;
  GPtrArray    *warnings;      /* of char* */
  GPtrArray    *unsupported;   /* of char*, the options as written */
} Parser;

static void
warn (Parser     *parser,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (Parser     *parser,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (parser->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* As Go's strconv.ParseBool, which the docker CLI uses for --rm=false. */
static gboolean
parse_bool (const char  *written,
            const char  *value,
            gboolean    *out,
            GError     **error)
{
  static const char * const yes[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
  static const char * const no[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

  if (value == NULL || g_strv_contains (yes, value))
    *out = TRUE;
  else if (g_strv_contains (no, value))
    *out = FALSE;
  else
    return berth_engine_error_invalid (error, _("“%s=%s”: write true or false after “=”, like %s=true"), written, value, written);
  return TRUE;
}

static gboolean
parse_protocol (const char        *text,
                const char        *value,
                BerthRunProtocol  *protocol,
                GError           **error)
{
  if (g_ascii_strcasecmp (text, "tcp") == 0)
    *protocol = BERTH_RUN_PROTOCOL_TCP;
  else if (g_ascii_strcasecmp (text, "udp") == 0)
    *protocol = BERTH_RUN_PROTOCOL_UDP;
  else if (g_ascii_strcasecmp (text, "sctp") == 0)
    *protocol = BERTH_RUN_PROTOCOL_SCTP;
  else
    return berth_engine_error_invalid (error, _("“%s” in “-p %s” is not a protocol: write tcp or udp, like -p 53:53/udp"), text, value);
  return TRUE;
}

/* [ip:][host_port:]container_port[/protocol], split as the docker CLI does:
 * the last part is the container port, the one before the host port, and
 * everything before that the address (which may hold ":" itself). */
static BerthRunPort *
parse_port (const char  *value,
            GError     **error)
{
  g_autofree char *text = g_strdup (value);
  g_auto (GStrv) parts = NULL;
  g_autofree char *ip = NULL;
  BerthRunProtocol protocol = BERTH_RUN_PROTOCOL_TCP;
  char *slash = strrchr (text, '/');
  guint n;

  if (slash != NULL)
    {
      *slash = '\0';
      if (!parse_protocol (slash + 1, value, &protocol, error))
        return NULL;
    }

  parts = g_strsplit (text, ":", -1);
  n = g_strv_length (parts);
  if (n == 0)
    {
      berth_engine_error_invalid (error, _("“-p” needs a port, like -p 8080:80"));
      return NULL;
    }
  if (n >= 3)
    {
      g_autofree char *joined = NULL;
      char *saved = parts[n - 2];

      parts[n - 2] = NULL;
      joined = g_strjoinv (":", parts);
      parts[n - 2] = saved;
      ip = strip_brackets (joined);
    }

  return berth_run_port_new (ip, n >= 2 ? parts[n - 2] : NULL, parts[n - 1], protocol);
}

static gboolean
is_volume_mode (const char *mode)
{
  static const char * const modes[] = {
    "ro", "rw", "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate",
    "nocopy", "consistent", "cached", "delegated", NULL
  };

  return g_strv_contains (modes, mode);
}

static gboolean
parse_volume_mode (const char     *mode,
                   const char     *value,
                   BerthRunMount  *mount,
                   GError        **error)
{
  g_auto (GStrv) options = g_strsplit (mode, ",", -1);

  for (guint i = 0; options[i] != NULL; i++)
    {
      if (strcmp (options[i], "ro") == 0)
        mount->read_only = TRUE;
      else if (strcmp (options[i], "rw") == 0)
        mount->read_only = FALSE;
      else if (is_volume_mode (options[i]))
        return berth_engine_error_invalid (error,
                                           _("Berth does not support the volume option “%s” (in -v %s) yet; remove it or run the command in a terminal"),
                                           options[i], value);
      else
        return berth_engine_error_invalid (error, _("“%s” is not a volume option (in -v %s): write ro for read-only, like -v /home/me/data:/data:ro"),
                                           options[i], value);
    }
  return TRUE;
}

/* A source that looks like a path is a folder even when it is relative, so
 * that the check says "write a full path" rather than "bad volume name". */
static BerthRunMountKind
source_kind (const char *source)
{
  return strchr ("/.~", source[0]) != NULL ? BERTH_RUN_MOUNT_BIND : BERTH_RUN_MOUNT_VOLUME;
}

/* -v [source:]target[:mode], as the engine's Linux parser reads it. */
static BerthRunMount *
parse_volume (const char  *value,
              GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (value, ":", 4);
  g_autoptr (BerthRunMount) mount = NULL;
  guint n = g_strv_length (parts);

  /* Empty parts ("a:b:") and a target that is a mode word ("a:ro:rw")
   * could not be written back as the same -v. */
  if (n == 0 || n > 3 || *parts[0] == '\0' ||
      (n >= 2 && (*parts[1] == '\0' || is_volume_mode (parts[1]))) ||
      (n == 3 && *parts[2] == '\0'))
    {
      berth_engine_error_invalid (error,
                                  _("“-v %s” is not a volume: write SOURCE:PATH, like -v /home/me/data:/data or -v my-volume:/data, optionally with :ro"),
                                  value);
      return NULL;
    }

  if (n == 1)
    return berth_run_mount_new (BERTH_RUN_MOUNT_VOLUME, NULL, parts[0], FALSE);

  mount = berth_run_mount_new (source_kind (parts[0]), parts[0], parts[1], FALSE);
  if (n == 3 && !parse_volume_mode (parts[2], value, mount, error))
    return NULL;

  return g_steal_pointer (&mount);
}

static BerthRunMount *
parse_tmpfs (const char  *value,
             GError     **error)
{
  const char *colon = strchr (value, ':');
  g_autofree char *target = colon ? g_strndup (value, colon - value) : g_strdup (value);
  g_auto (GStrv) options = g_strsplit (colon ? colon + 1 : "", ",", -1);
  gboolean read_only = FALSE;

  for (guint i = 0; options[i] != NULL; i++)
    {
      if (strcmp (options[i], "ro") == 0)
        read_only = TRUE;
      else if (strcmp (options[i], "rw") == 0 || *options[i] == '\0')
        read_only = FALSE;
      else
        {
          berth_engine_error_invalid (error,
                                      _("Berth does not support the tmpfs option “%s” (in --tmpfs %s) yet; remove it or run the command in a terminal"),
                                      options[i], value);
          return NULL;
        }
    }

  return berth_run_mount_new (BERTH_RUN_MOUNT_TMPFS, NULL, target, read_only);
}

/* --mount is one CSV record, as the docker CLI reads it (Go's encoding/csv). */
static gboolean
split_csv (const char  *text,
           GPtrArray   *fields,
           GError     **error)
{
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      g_string_truncate (field, 0);
      if (*p == '"')
        {
          for (p++;; p++)
            {
              if (*p == '\0')
                return berth_engine_error_invalid (error, _("A double quote in “--mount %s” is not closed"), text);
              if (*p == '"' && p[1] != '"')
                break;
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
          if (*p != ',' && *p != '\0')
            return berth_engine_error_invalid (error, _("“--mount %s” has text after a closing double quote"), text);
        }
      else
        {
          for (; *p != '\0' && *p != ','; p++)
            {
              if (*p == '"')
                return berth_engine_error_invalid (error, _("“--mount %s” has a double quote inside a value: quote the whole key=value"), text);
              g_string_append_c (field, *p);
            }
        }
      g_ptr_array_add (fields, g_strdup (field->str));
      if (*p == '\0')
        return TRUE;
      p++;
    }
}

static gboolean
is_unsupported_mount_key (const char *key)
{
  static const char * const keys[] = {
    "bind-propagation", "bind-nonrecursive", "bind-recursive", "bind-create-src", "consistency",
    "volume-nocopy", "volume-driver", "volume-label", "volume-opt", "volume-subpath",
    "tmpfs-size", "tmpfs-mode", "image-subpath", NULL
  };

  return g_strv_contains (keys, key);
}

static gboolean
parse_mount_type (const char         *type,
                  const char         *value,
                  BerthRunMountKind  *kind,
                  GError            **error)
{
  if (strcmp (type, "bind") == 0)
    *kind = BERTH_RUN_MOUNT_BIND;
  else if (strcmp (type, "volume") == 0)
    *kind = BERTH_RUN_MOUNT_VOLUME;
  else if (strcmp (type, "tmpfs") == 0)
    *kind = BERTH_RUN_MOUNT_TMPFS;
  else if (strcmp (type, "npipe") == 0 || strcmp (type, "cluster") == 0 || strcmp (type, "image") == 0)
    return berth_engine_error_invalid (error, _("Berth does not support “--mount type=%s” yet; remove it or run the command in a terminal"), type);
  else
    return berth_engine_error_invalid (error, _("“%s” is not a mount type (in --mount %s): write bind, volume or tmpfs"), type, value);
  return TRUE;
}

static gboolean
parse_mount_field (const char     *field,
                   const char     *value,
                   BerthRunMount  *mount,
                   GError        **error)
{
  const char *eq = strchr (field, '=');
  g_autofree char *key = g_ascii_strdown (field, eq ? eq - field : -1);
  const char *arg = eq ? eq + 1 : NULL;

  if (strcmp (key, "readonly") == 0 || strcmp (key, "ro") == 0)
    return parse_bool (key, arg, &mount->read_only, error);
  if (is_unsupported_mount_key (key))
    return berth_engine_error_invalid (error,
                                       _("Berth does not support the --mount option “%s” yet; remove it or run the command in a terminal"),
                                       key);
  if (arg == NULL)
    return berth_engine_error_invalid (error, _("“%s” in “--mount %s” needs a value: write key=value, like target=/data"), field, value);

  if (strcmp (key, "type") == 0)
    return parse_mount_type (arg, value, &mount->kind, error);
  if (strcmp (key, "source") == 0 || strcmp (key, "src") == 0)
    g_free (mount->source), mount->source = g_strdup (arg);
  else if (strcmp (key, "target") == 0 || strcmp (key, "destination") == 0 || strcmp (key, "dst") == 0)
    g_free (mount->target), mount->target = g_strdup (arg);
  else
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a --mount option: use type, source, target and readonly, like --mount type=bind,source=/home/me/data,target=/data"),
                                       key);
  return TRUE;
}

static BerthRunMount *
parse_mount (const char  *value,
             GError     **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (BerthRunMount) mount = berth_run_mount_new (BERTH_RUN_MOUNT_VOLUME, NULL, NULL, FALSE);

  mount->syntax = BERTH_RUN_MOUNT_SYNTAX_MOUNT;
  if (!split_csv (value, fields, error))
    return NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      if (!parse_mount_field (g_ptr_array_index (fields, i), value, mount, error))
        return NULL;
    }

  return g_steal_pointer (&mount);
}

static gboolean
parse_restart (const char       *value,
               BerthRunRestart  *restart,
               guint            *max_retries,
               GError          **error)
{
  const char *colon = strchr (value, ':');
  g_autofree char *name = colon ? g_strndup (value, colon - value) : g_strdup (value);
  guint64 count = 0;

  if (strcmp (name, "no") == 0 || *name == '\0')
    *restart = BERTH_RUN_RESTART_NO;
  else if (strcmp (name, "always") == 0)
    *restart = BERTH_RUN_RESTART_ALWAYS;
  else if (strcmp (name, "unless-stopped") == 0)
    *restart = BERTH_RUN_RESTART_UNLESS_STOPPED;
  else if (strcmp (name, "on-failure") == 0)
    *restart = BERTH_RUN_RESTART_ON_FAILURE;
  else
    return berth_engine_error_invalid (error,
                                       _("“%s” is not a restart policy: write no, always, unless-stopped or on-failure, optionally with a number of tries, like on-failure:3"),
                                       value);

  if (colon != NULL && *restart != BERTH_RUN_RESTART_ON_FAILURE)
    return berth_engine_error_invalid (error, _("Only on-failure takes a number of tries (like on-failure:3), not “%s”"), value);
  if (colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT32, &count, NULL))
    return berth_engine_error_invalid (error, _("“%s” is not a number of tries: write on-failure:3, for example"), colon + 1);

  *max_retries = (guint) count;
  return TRUE;
}

static void
add_env (Parser     *parser,
         const char *value)
{
  const char *eq = strchr (value, '=');
  g_autoptr (BerthRunEnv) env = NULL;

  if (eq != NULL)
    {
      g_autofree char *key = g_strndup (value, eq - value);

      env = berth_run_env_new (key, eq + 1);
    }
  else
    {
      env = berth_run_env_new_from_environment (value);
      if (env->value != NULL)
        warn (parser, _("%s was taken from Berth's environment"), value);
      else
        warn (parser, _("-e %s: %s is not set in Berth's environment, so the container will not get it"), value, value);
    }

  berth_run_spec_add_env (parser->spec, env);
}

static void
append_strv (GStrv      *strv,
             const char *value)
{
  guint n = *strv ? g_strv_length (*strv) : 0;

  *strv = g_renew (char *, *strv, n + 2);
  (*strv)[n] = g_strdup (value);
  (*strv)[n + 1] = NULL;
}

static gboolean
add_row_option (Parser          *parser,
                const RunFlag   *flag,
                const char      *value,
                GError         **error)
{
  BerthRunSpec *spec = parser->spec;
  g_autoptr (BerthRunPort) port = NULL;
  g_autoptr (BerthRunMount) mount = NULL;

  switch (flag->option)
    {
    case OPT_PUBLISH:
      if ((port = parse_port (value, error)) == NULL)
        return FALSE;
      berth_run_spec_add_port (spec, port);
      return TRUE;
    case OPT_VOLUME:
    case OPT_MOUNT:
    case OPT_TMPFS:
      mount = flag->option == OPT_VOLUME ? parse_volume (value, error)
            : flag->option == OPT_MOUNT ? parse_mount (value, error)
            : parse_tmpfs (value, error);
      if (mount == NULL)
        return FALSE;
      berth_run_spec_add_mount (spec, mount);
      return TRUE;
    case OPT_ENV:
      add_env (parser, value);
      return TRUE;
    case OPT_ENV_FILE:
      append_strv (&spec->env_files, value);
      return TRUE;
    case OPT_LABEL:
      append_strv (&spec->labels, value);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
apply_boolean (Parser         *parser,
               const RunFlag  *flag,
               const char     *written,
               const char     *value,
               GError        **error)
{
  BerthRunSpec *spec = parser->spec;
  gboolean on;

  if (!parse_bool (written, value, &on, error))
    return FALSE;

  switch (flag->option)
    {
    case OPT_DETACH: spec->detach = on; break;
    case OPT_INTERACTIVE: spec->interactive = on; break;
    case OPT_TTY: spec->tty = on; break;
    case OPT_RM: spec->auto_remove = on; break;
    case OPT_PUBLISH_ALL: spec->publish_all = on; break;
    case OPT_PRIVILEGED: spec->privileged = on; break;
    default: g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
apply_option (Parser         *parser,
              const RunFlag  *flag,
              const char     *written,
              const char     *value,
              GError        **error)
{
  BerthRunSpec *spec = parser->spec;

  switch (flag->option)
    {
    case OPT_UNSUPPORTED:
      g_ptr_array_add (parser->unsupported,
                       written[1] == '-' ? g_strdup (written) : g_strdup_printf ("%s (--%s)", written, flag->name));
      return TRUE;
    case OPT_IGNORED:
      warn (parser, _("Berth ignores %s: it only changes what the docker command itself does"), written);
      return TRUE;
    case OPT_HELP:
      return berth_engine_error_invalid (error, _("%s shows docker's help instead of running a container: remove it"), written);
    case OPT_DETACH: case OPT_INTERACTIVE: case OPT_TTY:
    case OPT_RM: case OPT_PUBLISH_ALL: case OPT_PRIVILEGED:
      return apply_boolean (parser, flag, written, value, error);
    case OPT_PUBLISH: case OPT_VOLUME: case OPT_MOUNT: case OPT_TMPFS:
    case OPT_ENV: case OPT_ENV_FILE: case OPT_LABEL:
      return add_row_option (parser, flag, value, error);
    case OPT_RESTART:
      return parse_restart (value, &spec->restart, &spec->restart_max_retries, error);
    case OPT_NAME: set_string (spec, &spec->name, value, PROP_NAME); return TRUE;
    case OPT_WORKDIR: set_string (spec, &spec->workdir, value, PROP_WORKDIR); return TRUE;
    case OPT_USER: set_string (spec, &spec->user, value, PROP_USER); return TRUE;
    case OPT_ENTRYPOINT: set_string (spec, &spec->entrypoint, value, PROP_ENTRYPOINT); return TRUE;
    case OPT_NETWORK: set_string (spec, &spec->network, value, PROP_NETWORK); return TRUE;
    case OPT_HOSTNAME: set_string (spec, &spec->hostname, value, PROP_HOSTNAME); return TRUE;
    case OPT_MEMORY: set_string (spec, &spec->memory, value, PROP_MEMORY); return TRUE;
    case OPT_CPUS: set_string (spec, &spec->cpus, value, PROP_CPUS); return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
missing_value (const RunFlag  *flag,
               const char     *written,
               GError        **error)
{
  if (flag->example != NULL)
    return berth_engine_error_invalid (error, _("%s needs a value after it, like %s"), written, flag->example);
  return berth_engine_error_invalid (error, _("%s needs a value after it"), written);
}

/* --name web, --name=web, --rm, --rm=false */
static gboolean
parse_long (Parser              *parser,
            const char * const  *argv,
            guint               *i,
            GError             **error)
{
  const char *arg = argv[*i] + 2;
  const char *eq = strchr (arg, '=');
  gsize len = eq ? (gsize) (eq - arg) : strlen (arg);
  g_autofree char *written = g_strndup (argv[*i], len + 2);
  const RunFlag *flag = find_long_flag (arg, len);
  const char *value = eq ? eq + 1 : NULL;

  if (flag == NULL)
    return berth_engine_error_invalid (error, _("%s is not an option of docker run: check its spelling"), written);

  if (flag->takes_value && value == NULL)
    {
      if (argv[*i + 1] == NULL)
        return flag->option == OPT_UNSUPPORTED
                 ? apply_option (parser, flag, written, NULL, error)
                 : missing_value (flag, written, error);
      value = argv[++*i];
    }

  return apply_option (parser, flag, written, value, error);
}

/* -d, -dit, -p 80:80, -p80:80, -p=80:80, -d=false, as pflag reads them. */
static gboolean
parse_short (Parser              *parser,
             const char * const  *argv,
             guint               *i,
             GError             **error)
{
  for (const char *p = argv[*i] + 1; *p != '\0'; p++)
    {
      const RunFlag *flag = find_short_flag (*p);
      char written[3] = { '-', *p, '\0' };
      const char *value = NULL;

      if (flag == NULL)
        return berth_engine_error_invalid (error, _("-%.*s is not an option of docker run: check its spelling"),
                                           (int) (g_utf8_next_char (p) - p), p);

      if (!flag->takes_value)
        {
          if (p[1] == '=')
            return apply_option (parser, flag, written, p + 2, error);
          if (!apply_option (parser, flag, written, NULL, error))
            return FALSE;
          continue;
        }

      if (p[1] == '=')
        value = p + 2;
      else if (p[1] != '\0')
        value = p + 1;
      else if (argv[*i + 1] != NULL)
        value = argv[++*i];
      else if (flag->option != OPT_UNSUPPORTED)
        return missing_value (flag, written, error);

      return apply_option (parser, flag, written, value, error);
    }

  return TRUE;
}

static gboolean
is_program (const char *word,
            const char *name)
{
  const char *slash = strrchr (word, '/');

  return strcmp (slash ? slash + 1 : word, name) == 0;
}

/* Skips "[$] [sudo] docker [container] run"; a line may also start at the
 * options, as typed into the form. */
static gboolean
skip_prefix (const char * const  *argv,
             guint               *index,
             GError             **error)
{
  const char *container = NULL;
  gboolean sudo = FALSE;
  guint i = 0;

  /* A shell prompt copied along with the command. */
  if (argv[i] != NULL && strcmp (argv[i], "$") == 0)
    i++;

  if (argv[i] != NULL && is_program (argv[i], "sudo"))
    {
      sudo = TRUE;
      for (i++; argv[i] != NULL && argv[i][0] == '-'; i++)
        ;
    }

  if (argv[i] == NULL || !(is_program (argv[i], "docker") || is_program (argv[i], "podman")))
    {
      *index = i;
      if (sudo)
        return berth_engine_error_invalid (error, _("Paste the docker command itself, like docker run -d -p 8080:80 nginx"));
      return TRUE;
    }

  i++;
  if (argv[i] != NULL && argv[i][0] == '-')
    return berth_engine_error_invalid (error,
                                       _("%s is an option of docker itself, not of docker run: Berth runs the container on the engine chosen in Berth, so remove it"),
                                       argv[i]);
  if (argv[i] != NULL && strcmp (argv[i], "container") == 0)
    container = argv[i++];
  if (argv[i] == NULL)
    return berth_engine_error_invalid (error, _("The command stops before “run”: paste a whole command, like docker run -d -p 8080:80 nginx"));
  if (strcmp (argv[i], "run") != 0)
    return berth_engine_error_invalid (error, _("“docker %s%s%s” does not run a container: paste a docker run command, like docker run -d -p 8080:80 nginx"),
                                       container ? container : "", container ? " " : "", argv[i]);

  *index = i + 1;
  return TRUE;
}

static gboolean
check_unsupported (Parser  *parser,
                   GError **error)
{
  g_autofree char *list = NULL;

  if (parser->unsupported->len == 0)
    return TRUE;

  if (parser->unsupported->len == 1)
    return berth_engine_error_invalid (error, _("Berth does not support %s yet; remove it or run the command in a terminal"),
                                       (const char *) g_ptr_array_index (parser->unsupported, 0));

  g_ptr_array_add (parser->unsupported, NULL);
  list = g_strjoinv (", ", (char **) parser->unsupported->pdata);
  g_ptr_array_remove_index (parser->unsupported, parser->unsupported->len - 1);
  return berth_engine_error_invalid (error, _("Berth does not support these options yet: %s; remove them or run the command in a terminal"), list);
}

static gboolean
parse_options (Parser              *parser,
               const char * const  *argv,
               guint               *i,
               GError             **error)
{
  for (; argv[*i] != NULL; (*i)++)
    {
      const char *arg = argv[*i];

      if (strcmp (arg, "--") == 0)
        {
          (*i)++;
          break;
        }
      if (arg[0] != '-' || arg[1] == '\0')
        break;
      if (arg[1] == '-' ? !parse_long (parser, argv, i, error) : !parse_short (parser, argv, i, error))
        return FALSE;
    }

  return check_unsupported (parser, error);
}

/**
 * berth_run_spec_parse_argv:
 * @argv: the words of a docker run command
 * @warnings: (out) (optional) (transfer full): things the user should know,
 *   like a value taken from Berth's environment; empty when there are none
 *
 * Reads the words as the docker CLI does; see berth_run_spec_parse_line().
 *
 * Returns: (transfer full) (nullable): the spec
 */
BerthRunSpec *
berth_run_spec_parse_argv (const char * const  *argv,
                           char              ***warnings,
                           GError             **error)
{
  g_autoptr (BerthRunSpec) spec = berth_run_spec_new ();
  g_autoptr (GPtrArray) warning_list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) unsupported = g_ptr_array_new_with_free_func (g_free);
  Parser parser = { spec, warning_list, unsupported };
  guint i = 0;

  g_return_val_if_fail (argv != NULL, NULL);

  if (argv[0] == NULL)
    {
      berth_engine_error_invalid (error, _("Paste a docker run command, like docker run -d -p 8080:80 nginx"));
      return NULL;
    }

  if (!skip_prefix (argv, &i, error) || !parse_options (&parser, argv, &i, error))
    return NULL;

  if (argv[i] == NULL)
    {
      berth_engine_error_invalid (error, _("The command names no image: add one after the options, like docker run -d nginx"));
      return NULL;
    }

  spec->image = g_strdup (argv[i]);
  spec->command = argv[i + 1] ? g_strdupv ((char **) argv + i + 1) : NULL;

  if (warnings != NULL)
    {
      g_ptr_array_add (warning_list, NULL);
      *warnings = (char **) g_ptr_array_free (g_steal_pointer (&warning_list), FALSE);
    }

  return g_steal_pointer (&spec);
}

/**
 * berth_run_spec_parse_line:
 * @line: a pasted command, like `docker run -d -p 8080:80 nginx`; a leading
 *   `sudo`, `docker container run` and line continuations are accepted
 * @warnings: (out) (optional) (transfer full): see berth_run_spec_parse_argv()
 *
 * Reads every spelling the docker CLI accepts for the options Berth
 * supports. An option Berth does not support is named in the error, never
 * dropped. Everything after the image is the command. Values that can be
 * held but are wrong (port 70000, a relative folder) are kept, for
 * berth_run_spec_validate() to point at.
 *
 * Returns: (transfer full) (nullable): the spec, or %NULL with @error
 *   (%BERTH_ENGINE_ERROR_INVALID_ARGUMENT)
 */
BerthRunSpec *
berth_run_spec_parse_line (const char   *line,
                           char       ***warnings,
                           GError      **error)
{
  g_auto (GStrv) argv = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  if (!berth_shell_split (line, &argv, error))
    return NULL;

  return berth_run_spec_parse_argv ((const char * const *) argv, warnings, error);
}

/* Env files -------------------------------------------------------------------- */

static gboolean
env_file_error (GError     **error,
                const char  *path,
                guint        line,
                const char  *message)
{
  return berth_engine_error_invalid (error, _("%s, line %u: %s"), path, line, message);
}

static gboolean
parse_env_line (const char  *line,
                const char  *path,
                guint        number,
                GPtrArray   *rows,
                GError     **error)
{
  const char *eq;
  g_autofree char *key = NULL;
  g_autofree char *message = NULL;

  while (g_ascii_isspace (*line))
    line++;
  if (*line == '\0' || *line == '#')
    return TRUE;

  eq = strchr (line, '=');
  key = eq ? g_strndup (line, eq - line) : g_strdup (line);
  if (*key == '\0')
    return env_file_error (error, path, number, _("the line has no variable name; write NAME=value"));
  if (strpbrk (key, " \t") != NULL)
    {
      message = g_strdup_printf (_("the variable name “%s” contains a space; write NAME=value"), key);
      return env_file_error (error, path, number, message);
    }

  g_ptr_array_add (rows, eq ? berth_run_env_new (key, eq + 1) : berth_run_env_new_from_environment (key));
  return TRUE;
}

/**
 * berth_env_file_parse:
 * @contents: the text of an env file
 * @path: its name, for messages
 *
 * Reads an env file by docker's rules: one KEY=VALUE a line, the value kept
 * as it is (no quotes removed), blank lines and lines starting with "#"
 * skipped, a bare KEY taken from Berth's environment.
 *
 * Returns: (transfer full) (element-type BerthRunEnv) (nullable): the rows
 */
GPtrArray *
berth_env_file_parse (const char  *contents,
                      gsize        length,
                      const char  *path,
                      GError     **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_env_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      berth_engine_error_invalid (error, _("%s is not a text file in UTF-8: an env file holds lines like NAME=value"), path);
      return NULL;
    }

  text = g_strndup (contents, length);
  lines = g_strsplit (g_str_has_prefix (text, "\xef\xbb\xbf") ? text + 3 : text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      if (!parse_env_line (lines[i], path, i + 1, rows, error))
        return NULL;
    }

  return g_steal_pointer (&rows);
}

static void
read_env_files_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char * const *paths = task_data;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_run_env_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) file_rows = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (!g_file_get_contents (paths[i], &contents, &length, &error))
        {
          g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                                   _("Cannot read the env file: %s"), error->message);
          return;
        }
      if ((file_rows = berth_env_file_parse (contents, length, paths[i], &error)) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_extend_and_steal (rows, g_steal_pointer (&file_rows));
    }

  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * berth_env_files_read_async:
 * @paths: env files, full paths
 *
 * Reads the files on a worker thread, in order, as berth_env_file_parse().
 */
void
berth_env_files_read_async (const char * const  *paths,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (paths != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_env_files_read_async);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, read_env_files_thread);
}

/**
 * berth_env_files_read_finish:
 *
 * Returns: (transfer full) (element-type BerthRunEnv) (nullable): the rows
 *   of every file, in order
 */
GPtrArray *
berth_env_files_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_file_env (BerthRunSpec *self,
                GStrv         paths,
                GPtrArray    *rows)
{
  g_strfreev (self->file_env_paths);
  self->file_env_paths = g_strdupv (paths);
  g_ptr_array_unref (self->file_env);
  self->file_env = g_ptr_array_ref (rows);
}

static void
load_env_files_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthRunSpec *self = g_task_get_source_object (task);
  g_autoptr (GPtrArray) rows = NULL;
  GError *error = NULL;

  rows = berth_env_files_read_finish (result, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  store_file_env (self, g_task_get_task_data (task), rows);
  g_task_return_boolean (task, TRUE);
}

/**
 * berth_run_spec_load_env_files_async:
 *
 * Reads the spec's env files on a worker thread, so that the request body
 * can hold what they say (berth_run_spec_create_async() does this itself).
 */
void
berth_run_spec_load_env_files_async (BerthRunSpec        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  static const char * const none[] = { NULL };

  g_return_if_fail (BERTH_IS_RUN_SPEC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_run_spec_load_env_files_async);
  g_task_set_task_data (task, g_strdupv (self->env_files ? self->env_files : (char **) none),
                        (GDestroyNotify) g_strfreev);
  berth_env_files_read_async (self->env_files ? (const char * const *) self->env_files : none,
                              cancellable, load_env_files_cb, g_steal_pointer (&task));
}

/**
 * berth_run_spec_load_env_files_finish:
 * @warnings: (out) (optional) (transfer full): variables written without a
 *   value in a file, and whether Berth's environment had them
 */
gboolean
berth_run_spec_load_env_files_finish (BerthRunSpec   *self,
                                      GAsyncResult   *result,
                                      char         ***warnings,
                                      GError        **error)
{
  g_autoptr (GStrvBuilder) builder = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (warnings == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->file_env->len; i++)
    {
      const BerthRunEnv *env = g_ptr_array_index (self->file_env, i);
      g_autofree char *message = NULL;

      if (!env->from_environment)
        continue;
      message = env->value
                  ? g_strdup_printf (_("%s was taken from Berth's environment"), env->key)
                  : g_strdup_printf (_("%s is not set in Berth's environment, so the container will not get it"), env->key);
      g_strv_builder_add (builder, message);
    }
  *warnings = g_strv_builder_end (builder);
  return TRUE;
}

/* The request body ------------------------------------------------------------- */

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

static void
add_env_rows (JsonArray *array,
              GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const BerthRunEnv *env = g_ptr_array_index (rows, i);
      g_autofree char *pair = NULL;

      /* -e KEY with KEY unset in Berth's environment: nothing to pass. */
      if (env->value == NULL)
        continue;
      pair = g_strdup_printf ("%s=%s", env->key, env->value);
      json_array_add_string_element (array, pair);
    }
}

static JsonObject *
labels_object (GStrv labels)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      const char *eq = strchr (labels[i], '=');
      g_autofree char *key = eq ? g_strndup (labels[i], eq - labels[i]) : g_strdup (labels[i]);

      json_object_set_string_member (object, key, eq ? eq + 1 : "");
    }
  return object;
}

static JsonObject *
get_or_add_object (JsonObject *object,
                   const char *member)
{
  if (!json_object_has_member (object, member))
    json_object_set_object_member (object, member, json_object_new ());
  return json_object_get_object_member (object, member);
}

static JsonArray *
get_or_add_array (JsonObject *object,
                  const char *member)
{
  if (!json_object_has_member (object, member))
    json_object_set_array_member (object, member, json_array_new ());
  return json_object_get_array_member (object, member);
}

/* As the docker CLI expands -p: one binding per container port; a host range
 * for a single container port stays a range the engine picks from. */
static void
add_port_bindings (const BerthRunPort *port,
                   JsonObject         *exposed,
                   JsonObject         *bindings)
{
  g_autofree char *host_ip = strip_brackets (port->host_ip);
  guint64 cs, ce, hs = 0, he = 0;
  gboolean has_host = has (port->host_port);

  parse_range (port->container_port, &cs, &ce);
  if (has_host)
    parse_range (port->host_port, &hs, &he);

  for (guint64 i = 0; i <= ce - cs; i++)
    {
      g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT "/%s", cs + i, protocol_name (port->protocol));
      g_autofree char *host_port = NULL;
      JsonObject *binding = json_object_new ();

      if (has_host && cs == ce && hs != he)
        host_port = g_strdup_printf ("%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, hs, he);
      else if (has_host)
        host_port = g_strdup_printf ("%" G_GUINT64_FORMAT, hs + i);

      json_object_set_string_member (binding, "HostIp", host_ip);
      json_object_set_string_member (binding, "HostPort", host_port ? host_port : "");
      json_array_add_object_element (get_or_add_array (bindings, key), binding);
      get_or_add_object (exposed, key);
    }
}

static void
add_mount (const BerthRunMount *mount,
           JsonObject          *config,
           JsonObject          *host_config)
{
  g_autofree char *bind = NULL;
  JsonObject *object;

  if (mount->syntax == BERTH_RUN_MOUNT_SYNTAX_MOUNT)
    {
      object = json_object_new ();
      json_object_set_string_member (object, "Type", mount_type (mount->kind));
      if (mount->kind != BERTH_RUN_MOUNT_TMPFS && has (mount->source))
        json_object_set_string_member (object, "Source", mount->source);
      json_object_set_string_member (object, "Target", mount->target);
      if (mount->read_only)
        json_object_set_boolean_member (object, "ReadOnly", TRUE);
      json_array_add_object_element (get_or_add_array (host_config, "Mounts"), object);
    }
  else if (mount->kind == BERTH_RUN_MOUNT_TMPFS)
    json_object_set_string_member (get_or_add_object (host_config, "Tmpfs"), mount->target,
                                   mount->read_only ? "ro" : "");
  else if (!has (mount->source))
    get_or_add_object (get_or_add_object (config, "Volumes"), mount->target);
  else
    {
      bind = g_strconcat (mount->source, ":", mount->target, mount->read_only ? ":ro" : NULL, NULL);
      json_array_add_string_element (get_or_add_array (host_config, "Binds"), bind);
    }
}

/* As docker run: attached unless -d, stdin attached (and closed with the
 * client) for -i. */
static void
set_mode (BerthRunSpec *self,
          JsonObject   *config)
{
  gboolean attached = !self->detach;

  json_object_set_boolean_member (config, "AttachStdin", attached && self->interactive);
  json_object_set_boolean_member (config, "AttachStdout", attached);
  json_object_set_boolean_member (config, "AttachStderr", attached);
  json_object_set_boolean_member (config, "Tty", self->tty);
  json_object_set_boolean_member (config, "OpenStdin", self->interactive);
  json_object_set_boolean_member (config, "StdinOnce", attached && self->interactive);
}

static JsonObject *
build_config (BerthRunSpec *self)
{
  JsonObject *config = json_object_new ();
  JsonArray *env = json_array_new ();

  json_object_set_string_member (config, "Image", self->image);
  if (self->hostname != NULL)
    json_object_set_string_member (config, "Hostname", self->hostname);
  if (self->user != NULL)
    json_object_set_string_member (config, "User", self->user);
  set_mode (self, config);

  /* As the docker CLI: the files first, then -e, which wins. */
  if (self->env_files != NULL)
    add_env_rows (env, self->file_env);
  add_env_rows (env, self->env);
  if (json_array_get_length (env) > 0)
    json_object_set_array_member (config, "Env", env);
  else
    json_array_unref (env);

  if (self->command != NULL)
    json_object_set_array_member (config, "Cmd", strv_to_array ((const char * const *) self->command));
  if (self->entrypoint != NULL)
    json_object_set_array_member (config, "Entrypoint",
                                  strv_to_array ((const char * const[]) { self->entrypoint, NULL }));
  if (self->workdir != NULL)
    json_object_set_string_member (config, "WorkingDir", self->workdir);
  json_object_set_object_member (config, "Labels", labels_object (self->labels));

  return config;
}

static void
set_resources (BerthRunSpec *self,
               JsonObject   *host_config)
{
  gint64 value;

  if (self->memory != NULL && berth_parse_memory_size (self->memory, &value, NULL))
    json_object_set_int_member (host_config, "Memory", value);
  if (self->cpus != NULL && berth_parse_cpus (self->cpus, &value, NULL))
    json_object_set_int_member (host_config, "NanoCpus", value);
}

static JsonObject *
build_host_config (BerthRunSpec *self,
                   JsonObject   *config)
{
  JsonObject *host_config = json_object_new ();
  JsonObject *bindings = json_object_new ();
  JsonObject *exposed = json_object_new ();
  JsonObject *restart = json_object_new ();

  for (guint i = 0; i < self->ports->len; i++)
    add_port_bindings (g_ptr_array_index (self->ports, i), exposed, bindings);
  json_object_set_object_member (host_config, "PortBindings", bindings);
  if (json_object_get_size (exposed) > 0)
    json_object_set_object_member (config, "ExposedPorts", exposed);
  else
    json_object_unref (exposed);
  json_object_set_boolean_member (host_config, "PublishAllPorts", self->publish_all);

  for (guint i = 0; i < self->mounts->len; i++)
    add_mount (g_ptr_array_index (self->mounts, i), config, host_config);

  json_object_set_string_member (restart, "Name", restart_name (self->restart));
  json_object_set_int_member (restart, "MaximumRetryCount",
                              self->restart == BERTH_RUN_RESTART_ON_FAILURE ? self->restart_max_retries : 0);
  json_object_set_object_member (host_config, "RestartPolicy", restart);
  json_object_set_boolean_member (host_config, "AutoRemove", self->auto_remove);
  json_object_set_boolean_member (host_config, "Privileged", self->privileged);
  if (self->network != NULL)
    json_object_set_string_member (host_config, "NetworkMode", self->network);
  set_resources (self, host_config);

  return host_config;
}

/* A network of the user's own (not host, none, the default bridge, or
 * another container's) gets an endpoint, as docker compose sends it. */
static gboolean
is_user_network (const char *network)
{
  static const char * const builtin[] = { "host", "none", "bridge", "default", NULL };

  return has (network) && !g_str_has_prefix (network, "container:") && !g_strv_contains (builtin, network);
}

/**
 * berth_run_spec_to_create_body:
 * @api_version: (nullable): the negotiated API version; the body is the
 *   same for every version Berth speaks today
 *
 * Builds the body of `POST /containers/create`: Config with HostConfig and,
 * for a network of the user's, NetworkingConfig; set as the docker CLI sets
 * them for the same flags. The env files must have been read
 * (berth_run_spec_load_env_files_async()).
 *
 * Returns: (transfer full) (nullable): the body, or %NULL with @error when
 *   the spec is not valid
 */
JsonNode *
berth_run_spec_to_create_body (BerthRunSpec  *self,
                               const char    *api_version,
                               GError       **error)
{
  JsonObject *config;
  JsonNode *node;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);

  if (!berth_run_spec_validate (self, NULL, NULL, error))
    return NULL;
  if (!berth_run_spec_get_env_files_loaded (self))
    {
      berth_engine_error_invalid (error, _("The env files have not been read yet"));
      return NULL;
    }

  config = build_config (self);
  json_object_set_object_member (config, "HostConfig", build_host_config (self, config));
  if (is_user_network (self->network))
    {
      JsonObject *networking = json_object_new ();

      json_object_set_object_member (get_or_add_object (networking, "EndpointsConfig"),
                                     self->network, json_object_new ());
      json_object_set_object_member (config, "NetworkingConfig", networking);
    }

  node = json_node_init_object (json_node_alloc (), config);
  json_object_unref (config);
  return node;
}

/**
 * berth_run_spec_to_create_path:
 *
 * Returns: (transfer full): "/containers/create", with "?name=…" when the
 *   spec has a name
 */
char *
berth_run_spec_to_create_path (BerthRunSpec *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (BERTH_IS_RUN_SPEC (self), NULL);

  if (self->name == NULL)
    return g_strdup ("/containers/create");

  name = g_uri_escape_string (self->name, NULL, FALSE);
  return g_strconcat ("/containers/create?name=", name, NULL);
}

/* Host folders ----------------------------------------------------------------- */

typedef struct
{
  GPtrArray *sources;   /* of char*, the bind source of each mount, or NULL */
  guint      row;
} HostFolderData;

static void
host_folder_data_free (HostFolderData *data)
{
  g_ptr_array_unref (data->sources);
  g_free (data);
}

static void
check_host_folders_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  HostFolderData *data = task_data;

  for (guint i = 0; i < data->sources->len; i++)
    {
      const char *source = g_ptr_array_index (data->sources, i);

      if (source == NULL || g_file_test (source, G_FILE_TEST_EXISTS))
        continue;

      data->row = i;
      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                               _("The folder “%s” does not exist on this computer: create it, or choose another one"),
                               source);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * berth_run_spec_check_host_folders_async:
 *
 * Checks on a worker thread that every folder to bind exists. Only
 * meaningful when the engine runs on this computer: a remote engine binds
 * its own folders.
 */
void
berth_run_spec_check_host_folders_async (BerthRunSpec        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  HostFolderData *data;

  g_return_if_fail (BERTH_IS_RUN_SPEC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_run_spec_check_host_folders_async);
  data = g_new0 (HostFolderData, 1);
  data->sources = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->mounts->len; i++)
    {
      const BerthRunMount *mount = g_ptr_array_index (self->mounts, i);
      gboolean bind = mount->kind == BERTH_RUN_MOUNT_BIND && has (mount->source) && mount->source[0] == '/';

      g_ptr_array_add (data->sources, bind ? g_strdup (mount->source) : NULL);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) host_folder_data_free);
  g_task_run_in_thread (task, check_host_folders_thread);
}

/**
 * berth_run_spec_check_host_folders_finish:
 * @field: (out) (optional): %BERTH_RUN_SPEC_FIELD_MOUNTS when a folder is
 *   missing
 * @row: (out) (optional): its mount row
 */
gboolean
berth_run_spec_check_host_folders_finish (BerthRunSpec       *self,
                                          GAsyncResult       *result,
                                          BerthRunSpecField  *field,
                                          guint              *row,
                                          GError            **error)
{
  HostFolderData *data;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  ok = g_task_propagate_boolean (G_TASK (result), error);
  set_field (field, row, ok ? BERTH_RUN_SPEC_FIELD_NONE : BERTH_RUN_SPEC_FIELD_MOUNTS, ok ? 0 : data->row);
  return ok;
}

/* Creating and starting -------------------------------------------------------- */

typedef struct
{
  BerthRunSpec *spec;
  BerthEngine  *engine;
  char         *id;
  GError       *start_error;
  gboolean      start;
  gboolean      image_missing;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_object (&data->spec);
  g_clear_object (&data->engine);
  g_free (data->id);
  g_clear_error (&data->start_error);
  g_free (data);
}

/* Docker says "No such image: x:1", Podman "x:1: image not known"; a missing
 * network is a 404 too, and must not send the user to pull. */
static gboolean
is_missing_image (const GError *error)
{
  g_autofree char *lower = NULL;

  if (!g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    return FALSE;

  lower = g_ascii_strdown (error->message, -1);
  return strstr (lower, "image") != NULL || strstr (lower, "network") == NULL;
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    g_debug ("Could not remove the container %s that failed to start: %s", data->id, error->message);

  g_task_return_error (task, g_steal_pointer (&data->start_error));
}

/* A container that failed to start is removed, so that trying again with the
 * same name (the form keeps it) does not meet a conflict. */
static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &data->start_error);
  if (data->start_error == NULL)
    {
      g_task_return_pointer (task, g_strdup (data->id), g_free);
      return;
    }

  id = berth_engine_escape (data->id);
  path = g_strdup_printf ("/containers/%s?force=1&v=1", id);
  message = berth_engine_new_message (data->engine, SOUP_METHOD_DELETE, path);
  berth_engine_send_json_async (data->engine, message, NULL, remove_cb, g_steal_pointer (&task));
}

static gboolean
read_created_id (CreateData  *data,
                 JsonNode    *node,
                 GError     **error)
{
  JsonObject *object = NULL;
  JsonArray *warnings = NULL;
  const char *id = NULL;

  if (node == NULL)
    {
      g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                           _("The engine did not say which container it created"));
      return FALSE;
    }

  if (!_berth_json_node_object (node, "container", &object, error) ||
      !_berth_json_get_string (object, "Id", BERTH_JSON_REQUIRED, &id, error) ||
      !_berth_json_get_array (object, "Warnings", BERTH_JSON_OPTIONAL, &warnings, error))
    return FALSE;

  for (guint i = 0; warnings != NULL && i < json_array_get_length (warnings); i++)
    g_debug ("Creating a container: %s", json_array_get_string_element (warnings, i));

  data->id = g_strdup (id);
  return TRUE;
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL || !read_created_id (data, node, &error))
    {
      data->image_missing = is_missing_image (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!data->start)
    {
      g_task_return_pointer (task, g_strdup (data->id), g_free);
      return;
    }

  id = berth_engine_escape (data->id);
  path = g_strdup_printf ("/containers/%s/start", id);
  message = berth_engine_new_message (data->engine, SOUP_METHOD_POST, path);
  cancellable = g_task_get_cancellable (task);
  berth_engine_send_json_async (data->engine, message, cancellable, start_cb, g_steal_pointer (&task));
}

static void
send_create (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  body = berth_run_spec_to_create_body (data->spec, berth_engine_get_api_version (data->engine), &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  path = berth_run_spec_to_create_path (data->spec);
  message = berth_engine_new_message (data->engine, SOUP_METHOD_POST, path);
  berth_engine_set_json_body (message, body);
  berth_engine_send_json_async (data->engine, message, g_task_get_cancellable (task), create_cb, task);
}

static void
create_env_files_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) rows = NULL;
  GError *error = NULL;

  rows = berth_env_files_read_finish (result, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  store_file_env (data->spec, data->spec->env_files, rows);
  send_create (g_steal_pointer (&task));
}

/**
 * berth_run_spec_create_async:
 * @start: whether to start the container once created (docker run), or
 *   only create it (to attach before starting)
 *
 * Validates a copy of the spec (the form may go on being edited), reads its
 * env files on a worker thread if needed, then `POST /containers/create`
 * and, with @start, `POST /containers/{id}/start`. A container that was
 * created but failed to start is removed again. Every refusal carries the
 * engine's own message; a missing image is reported by
 * berth_run_spec_create_finish(), so the caller can pull it and try again.
 */
void
berth_run_spec_create_async (BerthRunSpec        *self,
                             BerthEngine         *engine,
                             gboolean             start,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  CreateData *data;

  g_return_if_fail (BERTH_IS_RUN_SPEC (self));
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_run_spec_create_async);
  data = g_new0 (CreateData, 1);
  data->spec = berth_run_spec_copy (self);
  data->engine = g_object_ref (engine);
  data->start = !!start;
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  if (!berth_run_spec_validate (data->spec, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!berth_run_spec_get_env_files_loaded (data->spec))
    {
      berth_env_files_read_async ((const char * const *) data->spec->env_files, cancellable,
                                  create_env_files_cb, g_steal_pointer (&task));
      return;
    }

  send_create (g_steal_pointer (&task));
}

/**
 * berth_run_spec_create_finish:
 * @image_missing: (out) (optional): set to whether the engine refused
 *   because it does not have the image (%BERTH_ENGINE_ERROR_NOT_FOUND):
 *   pull it, then create again
 *
 * Returns: (transfer full) (nullable): the new container's id
 */
char *
berth_run_spec_create_finish (BerthRunSpec  *self,
                              GAsyncResult  *result,
                              gboolean      *image_missing,
                              GError       **error)
{
  CreateData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (image_missing != NULL)
    *image_missing = data->image_missing;
  return g_task_propagate_pointer (G_TASK (result), error);
}
