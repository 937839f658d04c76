/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_RUN_PROTOCOL_TCP,
  BERTH_RUN_PROTOCOL_UDP,
  BERTH_RUN_PROTOCOL_SCTP,
} BerthRunProtocol;

typedef enum
{
  BERTH_RUN_MOUNT_BIND,     /* a folder on the engine's host */
  BERTH_RUN_MOUNT_VOLUME,   /* a named volume, or an anonymous one */
  BERTH_RUN_MOUNT_TMPFS,    /* memory only, gone when the container stops */
} BerthRunMountKind;

/* How the mount was written. The engine keeps them apart: -v goes to
 * HostConfig.Binds (Config.Volumes when anonymous), --tmpfs to
 * HostConfig.Tmpfs, --mount to HostConfig.Mounts. */
typedef enum
{
  BERTH_RUN_MOUNT_SYNTAX_VOLUME,   /* -v SOURCE:TARGET[:ro], or --tmpfs TARGET */
  BERTH_RUN_MOUNT_SYNTAX_MOUNT,    /* --mount type=…,source=…,target=… */
} BerthRunMountSyntax;

typedef enum
{
  BERTH_RUN_RESTART_NO,
  BERTH_RUN_RESTART_ALWAYS,
  BERTH_RUN_RESTART_UNLESS_STOPPED,
  BERTH_RUN_RESTART_ON_FAILURE,
} BerthRunRestart;

/* Which part of the form a problem is in; rows are counted from 0. */
typedef enum
{
  BERTH_RUN_SPEC_FIELD_NONE,
  BERTH_RUN_SPEC_FIELD_IMAGE,
  BERTH_RUN_SPEC_FIELD_NAME,
  BERTH_RUN_SPEC_FIELD_PORTS,       /* row: the port */
  BERTH_RUN_SPEC_FIELD_MOUNTS,      /* row: the mount */
  BERTH_RUN_SPEC_FIELD_ENV,         /* row: the variable */
  BERTH_RUN_SPEC_FIELD_ENV_FILES,   /* row: the file */
  BERTH_RUN_SPEC_FIELD_COMMAND,
  BERTH_RUN_SPEC_FIELD_ENTRYPOINT,
  BERTH_RUN_SPEC_FIELD_WORKDIR,
  BERTH_RUN_SPEC_FIELD_USER,
  BERTH_RUN_SPEC_FIELD_RESTART,
  BERTH_RUN_SPEC_FIELD_NETWORK,
  BERTH_RUN_SPEC_FIELD_HOSTNAME,
  BERTH_RUN_SPEC_FIELD_LABELS,      /* row: the label */
  BERTH_RUN_SPEC_FIELD_MEMORY,
  BERTH_RUN_SPEC_FIELD_CPUS,
} BerthRunSpecField;

/* One -p: [host_ip:][host_port:]container_port[/protocol]. Ports are text
 * as typed: "8080", a range "8000-8005", or "" for a random host port. */
typedef struct
{
  char             *host_ip;          /* NULL or "": every address */
  char             *host_port;        /* NULL or "": a random port */
  char             *container_port;
  BerthRunProtocol  protocol;
} BerthRunPort;

typedef struct
{
  BerthRunMountKind    kind;
  BerthRunMountSyntax  syntax;
  char                *source;        /* bind: host folder; volume: name, NULL or "" for anonymous; tmpfs: unused */
  char                *target;        /* absolute path in the container */
  gboolean             read_only;
} BerthRunMount;

/* One -e. With from_environment (written `-e KEY`), value is what Berth's
 * own environment held when the row was made, NULL when it held nothing:
 * then the container does not get the variable. */
typedef struct
{
  char     *key;
  char     *value;
  gboolean  from_environment;
} BerthRunEnv;

/* What berth_run_spec_get_problems() reports. */
typedef struct
{
  BerthRunSpecField  field;
  guint              row;
  GError            *error;
} BerthRunProblem;

#define BERTH_TYPE_RUN_PORT    (berth_run_port_get_type ())
#define BERTH_TYPE_RUN_MOUNT   (berth_run_mount_get_type ())
#define BERTH_TYPE_RUN_ENV     (berth_run_env_get_type ())
#define BERTH_TYPE_RUN_PROBLEM (berth_run_problem_get_type ())

GType            berth_run_port_get_type      (void) G_GNUC_CONST;
BerthRunPort    *berth_run_port_new           (const char           *host_ip,
                                               const char           *host_port,
                                               const char           *container_port,
                                               BerthRunProtocol      protocol);
BerthRunPort    *berth_run_port_copy          (const BerthRunPort   *self);
void             berth_run_port_free          (BerthRunPort         *self);
gboolean         berth_run_port_equal         (const BerthRunPort   *a,
                                               const BerthRunPort   *b);
gboolean         berth_run_port_validate      (const BerthRunPort   *self,
                                               GError              **error);
char            *berth_run_port_to_string     (const BerthRunPort   *self);

GType            berth_run_mount_get_type     (void) G_GNUC_CONST;
BerthRunMount   *berth_run_mount_new          (BerthRunMountKind     kind,
                                               const char           *source,
                                               const char           *target,
                                               gboolean              read_only);
BerthRunMount   *berth_run_mount_copy         (const BerthRunMount  *self);
void             berth_run_mount_free         (BerthRunMount        *self);
gboolean         berth_run_mount_equal        (const BerthRunMount  *a,
                                               const BerthRunMount  *b);
gboolean         berth_run_mount_validate     (const BerthRunMount  *self,
                                               GError              **error);

GType            berth_run_env_get_type       (void) G_GNUC_CONST;
BerthRunEnv     *berth_run_env_new            (const char           *key,
                                               const char           *value);
BerthRunEnv     *berth_run_env_new_from_environment (const char     *key);
BerthRunEnv     *berth_run_env_copy           (const BerthRunEnv    *self);
void             berth_run_env_free           (BerthRunEnv          *self);
gboolean         berth_run_env_equal          (const BerthRunEnv    *a,
                                               const BerthRunEnv    *b);
gboolean         berth_run_env_validate       (const BerthRunEnv    *self,
                                               GError              **error);

GType            berth_run_problem_get_type   (void) G_GNUC_CONST;
BerthRunProblem *berth_run_problem_copy       (const BerthRunProblem *self);
void             berth_run_problem_free       (BerthRunProblem      *self);

gboolean         berth_validate_container_name (const char          *name,
                                               GError              **error);
gboolean         berth_parse_memory_size      (const char           *text,
                                               gint64               *bytes,
                                               GError              **error);
gboolean         berth_parse_cpus             (const char           *text,
                                               gint64               *nano_cpus,
                                               GError              **error);
GPtrArray       *berth_env_file_parse         (const char           *contents,
                                               gsize                 length,
                                               const char           *path,
                                               GError              **error);

/**
 * BerthRunSpec:
 *
 * Everything `docker run` can be told that Berth supports, as one object a
 * form edits field by field. The same object renders the CLI line and builds
 * the API request, so the two cannot drift apart. Every change emits
 * #BerthRunSpec::changed (and notifies the property, for the plain fields).
 * Strings that are NULL or "" both mean "not set" (but see the entrypoint).
 *
 * A form's life: berth_run_spec_parse_line() for a pasted command (show its
 * warnings); berth_run_spec_to_command() for the preview on every
 * ::changed; berth_run_spec_get_problems() to mark each wrong field, and
 * berth_run_spec_check_conflicts() against the container list (plus
 * berth_run_spec_check_host_folders_async() for a local engine) before
 * sending; then berth_run_spec_create_async(). When it reports
 * @image_missing, pull the image and create again.
 */
#define BERTH_TYPE_RUN_SPEC (berth_run_spec_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunSpec, berth_run_spec, BERTH, RUN_SPEC, GObject)

BerthRunSpec        *berth_run_spec_new                 (void);
BerthRunSpec        *berth_run_spec_copy                (BerthRunSpec         *self);
gboolean             berth_run_spec_equal               (BerthRunSpec         *a,
                                                         BerthRunSpec         *b);

/* Reading a pasted command */
BerthRunSpec        *berth_run_spec_parse_line          (const char           *line,
                                                         char               ***warnings,
                                                         GError              **error);
BerthRunSpec        *berth_run_spec_parse_argv          (const char * const   *argv,
                                                         char               ***warnings,
                                                         GError              **error);

/* Plain fields (also GObject properties of the same name) */
const char          *berth_run_spec_get_image           (BerthRunSpec         *self);
void                 berth_run_spec_set_image           (BerthRunSpec         *self,
                                                         const char           *image);
const char          *berth_run_spec_get_name            (BerthRunSpec         *self);
void                 berth_run_spec_set_name            (BerthRunSpec         *self,
                                                         const char           *name);
gboolean             berth_run_spec_get_detach          (BerthRunSpec         *self);
void                 berth_run_spec_set_detach          (BerthRunSpec         *self,
                                                         gboolean              detach);
gboolean             berth_run_spec_get_interactive     (BerthRunSpec         *self);
void                 berth_run_spec_set_interactive     (BerthRunSpec         *self,
                                                         gboolean              interactive);
gboolean             berth_run_spec_get_tty             (BerthRunSpec         *self);
void                 berth_run_spec_set_tty             (BerthRunSpec         *self,
                                                         gboolean              tty);
gboolean             berth_run_spec_get_auto_remove     (BerthRunSpec         *self);
void                 berth_run_spec_set_auto_remove     (BerthRunSpec         *self,
                                                         gboolean              auto_remove);
gboolean             berth_run_spec_get_publish_all     (BerthRunSpec         *self);
void                 berth_run_spec_set_publish_all     (BerthRunSpec         *self,
                                                         gboolean              publish_all);
const char          *berth_run_spec_get_workdir         (BerthRunSpec         *self);
void                 berth_run_spec_set_workdir         (BerthRunSpec         *self,
                                                         const char           *workdir);
const char          *berth_run_spec_get_user            (BerthRunSpec         *self);
void                 berth_run_spec_set_user            (BerthRunSpec         *self,
                                                         const char           *user);
const char          *berth_run_spec_get_entrypoint      (BerthRunSpec         *self);
void                 berth_run_spec_set_entrypoint      (BerthRunSpec         *self,
                                                         const char           *entrypoint);
BerthRunRestart      berth_run_spec_get_restart         (BerthRunSpec         *self);
guint                berth_run_spec_get_restart_max_retries (BerthRunSpec     *self);
void                 berth_run_spec_set_restart         (BerthRunSpec         *self,
                                                         BerthRunRestart       restart,
                                                         guint                 max_retries);
const char          *berth_run_spec_get_network         (BerthRunSpec         *self);
void                 berth_run_spec_set_network         (BerthRunSpec         *self,
                                                         const char           *network);
const char          *berth_run_spec_get_hostname        (BerthRunSpec         *self);
void                 berth_run_spec_set_hostname        (BerthRunSpec         *self,
                                                         const char           *hostname);
const char          *berth_run_spec_get_memory          (BerthRunSpec         *self);
void                 berth_run_spec_set_memory          (BerthRunSpec         *self,
                                                         const char           *memory);
const char          *berth_run_spec_get_cpus            (BerthRunSpec         *self);
void                 berth_run_spec_set_cpus            (BerthRunSpec         *self,
                                                         const char           *cpus);
gboolean             berth_run_spec_get_privileged      (BerthRunSpec         *self);
void                 berth_run_spec_set_privileged      (BerthRunSpec         *self,
                                                         gboolean              privileged);

/* Lists of words */
const char * const  *berth_run_spec_get_command         (BerthRunSpec         *self);
void                 berth_run_spec_set_command         (BerthRunSpec         *self,
                                                         const char * const   *argv);
char                *berth_run_spec_dup_command_line    (BerthRunSpec         *self);
gboolean             berth_run_spec_set_command_line    (BerthRunSpec         *self,
                                                         const char           *line,
                                                         GError              **error);
const char * const  *berth_run_spec_get_labels          (BerthRunSpec         *self);
void                 berth_run_spec_set_labels          (BerthRunSpec         *self,
                                                         const char * const   *labels);
const char * const  *berth_run_spec_get_env_files       (BerthRunSpec         *self);
void                 berth_run_spec_set_env_files       (BerthRunSpec         *self,
                                                         const char * const   *paths);

/* Rows: the spec keeps its own copies */
guint                berth_run_spec_get_n_ports         (BerthRunSpec         *self);
const BerthRunPort  *berth_run_spec_get_port            (BerthRunSpec         *self,
                                                         guint                 index);
void                 berth_run_spec_add_port            (BerthRunSpec         *self,
                                                         const BerthRunPort   *port);
void                 berth_run_spec_replace_port        (BerthRunSpec         *self,
                                                         guint                 index,
                                                         const BerthRunPort   *port);
void                 berth_run_spec_remove_port         (BerthRunSpec         *self,
                                                         guint                 index);
guint                berth_run_spec_get_n_mounts        (BerthRunSpec         *self);
const BerthRunMount *berth_run_spec_get_mount           (BerthRunSpec         *self,
                                                         guint                 index);
void                 berth_run_spec_add_mount           (BerthRunSpec         *self,
                                                         const BerthRunMount  *mount);
void                 berth_run_spec_replace_mount       (BerthRunSpec         *self,
                                                         guint                 index,
                                                         const BerthRunMount  *mount);
void                 berth_run_spec_remove_mount        (BerthRunSpec         *self,
                                                         guint                 index);
guint                berth_run_spec_get_n_env           (BerthRunSpec         *self);
const BerthRunEnv   *berth_run_spec_get_env             (BerthRunSpec         *self,
                                                         guint                 index);
void                 berth_run_spec_add_env             (BerthRunSpec         *self,
                                                         const BerthRunEnv    *env);
void                 berth_run_spec_replace_env         (BerthRunSpec         *self,
                                                         guint                 index,
                                                         const BerthRunEnv    *env);
void                 berth_run_spec_remove_env          (BerthRunSpec         *self,
                                                         guint                 index);

/* The environment read from the env files (see load_env_files_async) */
gboolean             berth_run_spec_get_env_files_loaded (BerthRunSpec        *self);
guint                berth_run_spec_get_n_file_env      (BerthRunSpec         *self);
const BerthRunEnv   *berth_run_spec_get_file_env        (BerthRunSpec         *self,
                                                         guint                 index);

/* Checking */
gboolean             berth_run_spec_validate            (BerthRunSpec         *self,
                                                         BerthRunSpecField    *field,
                                                         guint                *row,
                                                         GError              **error);
GPtrArray           *berth_run_spec_get_problems        (BerthRunSpec         *self);
gboolean             berth_run_spec_check_conflicts     (BerthRunSpec         *self,
                                                         GListModel           *containers,
                                                         BerthRunSpecField    *field,
                                                         guint                *row,
                                                         GError              **error);

/* The CLI line */
char               **berth_run_spec_to_argv             (BerthRunSpec         *self);
char                *berth_run_spec_to_command          (BerthRunSpec         *self);

/* The API request */
JsonNode            *berth_run_spec_to_create_body      (BerthRunSpec         *self,
                                                         const char           *api_version,
                                                         GError              **error);
char                *berth_run_spec_to_create_path      (BerthRunSpec         *self);

/* Doing it */
void                 berth_run_spec_load_env_files_async      (BerthRunSpec         *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             berth_run_spec_load_env_files_finish     (BerthRunSpec         *self,
                                                               GAsyncResult         *result,
                                                               char               ***warnings,
                                                               GError              **error);
void                 berth_env_files_read_async               (const char * const   *paths,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GPtrArray           *berth_env_files_read_finish              (GAsyncResult         *result,
                                                               GError              **error);
void                 berth_run_spec_check_host_folders_async  (BerthRunSpec         *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             berth_run_spec_check_host_folders_finish (BerthRunSpec         *self,
                                                               GAsyncResult         *result,
                                                               BerthRunSpecField    *field,
                                                               guint                *row,
                                                               GError              **error);
void                 berth_run_spec_create_async              (BerthRunSpec         *self,
                                                               BerthEngine          *engine,
                                                               gboolean              start,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char                *berth_run_spec_create_finish             (BerthRunSpec         *self,
                                                               GAsyncResult         *result,
                                                               gboolean             *image_missing,
                                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRunPort, berth_run_port_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRunMount, berth_run_mount_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRunEnv, berth_run_env_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRunProblem, berth_run_problem_free)

G_END_DECLS
