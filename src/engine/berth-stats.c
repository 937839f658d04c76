/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-stats.h"

/* `docker stats`: the engine sends raw cgroup counters; the numbers people
 * know (CPU %, memory without cache) are what the docker CLI computes from
 * them (cli/command/container/stats_helpers.go), so Berth computes them
 * the same way and shows the same values. */

G_DEFINE_BOXED_TYPE (BerthStats, berth_stats, berth_stats_copy, berth_stats_free)

BerthStats *
berth_stats_copy (const BerthStats *stats)
{
  return g_memdup2 (stats, sizeof *stats);
}

void
berth_stats_free (BerthStats *stats)
{
  g_free (stats);
}

/**
 * berth_stats_cpu_percent:
 * @online_cpus: the CPUs the container may use (online_cpus, or the length
 *   of percpu_usage where the engine does not say)
 *
 * The docker CLI's formula: the container's share of the CPU time all CPUs
 * spent between two samples, times the number of CPUs, so one busy CPU is
 * 100 %. 0 when either counter did not advance.
 */
double
berth_stats_cpu_percent (guint64 cpu_total,
                         guint64 previous_cpu_total,
                         guint64 system,
                         guint64 previous_system,
                         guint   online_cpus)
{
  double cpu_delta = (double) cpu_total - (double) previous_cpu_total;
  double system_delta = (double) system - (double) previous_system;

  if (system_delta > 0.0 && cpu_delta > 0.0)
    return cpu_delta / system_delta * (double) online_cpus * 100.0;
  return 0.0;
}

/* 0 without a limit: the container is not running, the cgroup gave nothing. */
double
berth_stats_memory_percent (guint64 usage,
                            guint64 limit)
{
  if (limit == 0)
    return 0.0;
  return (double) usage / (double) limit * 100.0;
}

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          guint64     *value,
          GError     **error)
{
  gint64 number = 0;

  if (!_berth_json_get_int (object, member, BERTH_JSON_OPTIONAL, &number, error))
    return FALSE;
  *value = number > 0 ? (guint64) number : 0;
  return TRUE;
}

static gboolean
has_member (JsonObject *object,
            const char *member)
{
  return object != NULL && json_object_has_member (object, member);
}

/* Memory in use without the page cache the kernel may drop at will:
 * usage - total_inactive_file on cgroup v1, usage - inactive_file on v2. */
static gboolean
read_memory (JsonObject  *memory,
             BerthStats  *stats,
             GError     **error)
{
  JsonObject *detail = NULL;
  guint64 usage = 0, inactive = 0;

  if (!get_uint (memory, "usage", &usage, error) ||
      !get_uint (memory, "limit", &stats->memory_limit, error) ||
      !_berth_json_get_object (memory, "stats", BERTH_JSON_OPTIONAL, &detail, error))
    return FALSE;

  stats->memory_usage = usage;
  if (has_member (detail, "total_inactive_file"))
    {
      if (!get_uint (detail, "total_inactive_file", &inactive, error))
        return FALSE;
      if (inactive < usage)
        {
          stats->memory_usage = usage - inactive;
          return TRUE;
        }
    }

  if (!get_uint (detail, "inactive_file", &inactive, error))
    return FALSE;
  if (inactive < usage)
    stats->memory_usage = usage - inactive;
  return TRUE;
}

/* Reads total_usage, system_cpu_usage and the number of CPUs. */
static gboolean
read_cpu (JsonObject  *cpu,
          guint64     *total,
          guint64     *system,
          guint       *online_cpus,
          GError     **error)
{
  JsonObject *usage = NULL;
  JsonArray *percpu = NULL;
  guint64 online = 0;

  if (!_berth_json_get_object (cpu, "cpu_usage", BERTH_JSON_OPTIONAL, &usage, error) ||
      !get_uint (usage, "total_usage", total, error) ||
      !_berth_json_get_array (usage, "percpu_usage", BERTH_JSON_OPTIONAL, &percpu, error) ||
      !get_uint (cpu, "system_cpu_usage", system, error) ||
      !get_uint (cpu, "online_cpus", &online, error))
    return FALSE;

  /* Older engines and cgroup v1 without online_cpus: count the CPUs. */
  if (online == 0 && percpu != NULL)
    online = json_array_get_length (percpu);
  *online_cpus = (guint) MIN (online, G_MAXUINT);
  return TRUE;
}

static gboolean
read_networks (JsonObject  *networks,
               BerthStats  *stats,
               GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (networks == NULL)
    return TRUE;

  json_object_iter_init (&iter, networks);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonObject *network = NULL;
      guint64 rx = 0, tx = 0;

      if (!_berth_json_node_object (node, "networks", &network, error) ||
          !get_uint (network, "rx_bytes", &rx, error) ||
          !get_uint (network, "tx_bytes", &tx, error))
        return FALSE;
      stats->network_rx += rx;
      stats->network_tx += tx;
    }
  return TRUE;
}

/* Sums io_service_bytes_recursive by the first letter of "op", as the CLI
 * does: "read"/"Read" and "write"/"Write"; "Sync", "Total"… are ignored. */
static gboolean
read_block_io (JsonObject  *blkio,
               BerthStats  *stats,
               GError     **error)
{
  JsonArray *entries = NULL;
  guint n;

  if (!_berth_json_get_array (blkio, "io_service_bytes_recursive", BERTH_JSON_OPTIONAL,
                              &entries, error))
    return FALSE;

  n = entries ? json_array_get_length (entries) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = NULL;
      const char *op = NULL;
      guint64 value = 0;

      if (!_berth_json_node_object (json_array_get_element (entries, i),
                                    "io_service_bytes_recursive", &entry, error) ||
          !_berth_json_get_string (entry, "op", BERTH_JSON_OPTIONAL, &op, error) ||
          !get_uint (entry, "value", &value, error))
        return FALSE;

      if (op == NULL)
        continue;
      if (op[0] == 'r' || op[0] == 'R')
        stats->block_read += value;
      else if (op[0] == 'w' || op[0] == 'W')
        stats->block_write += value;
    }
  return TRUE;
}

static gint64
parse_read_time (const char *iso8601)
{
  g_autoptr (GDateTime) time = NULL;
  gint64 seconds;

  if (iso8601 == NULL || (time = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return 0;

  /* "0001-01-01T00:00:00Z": the container is not running. */
  seconds = g_date_time_to_unix (time);
  if (seconds <= 0)
    return 0;
  return seconds * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/**
 * berth_stats_new_from_json:
 * @object: one sample of GET /containers/{id}/stats
 * @previous: (nullable): the sample before it, used for CPU % when the
 *   engine did not fill precpu_stats (one-shot requests)
 *
 * Returns: (transfer full): the sample, or %NULL with @error set
 */
BerthStats *
berth_stats_new_from_json (JsonObject        *object,
                           const BerthStats  *previous,
                           GError           **error)
{
  g_autoptr (BerthStats) stats = g_new0 (BerthStats, 1);
  JsonObject *cpu = NULL, *precpu = NULL, *memory = NULL, *networks = NULL;
  JsonObject *blkio = NULL, *pids = NULL;
  const char *read = NULL;
  guint64 pre_total = 0, pre_system = 0;
  guint pre_cpus = 0;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_string (object, "read", BERTH_JSON_OPTIONAL, &read, error) ||
      !_berth_json_get_object (object, "cpu_stats", BERTH_JSON_OPTIONAL, &cpu, error) ||
      !_berth_json_get_object (object, "precpu_stats", BERTH_JSON_OPTIONAL, &precpu, error) ||
      !_berth_json_get_object (object, "memory_stats", BERTH_JSON_OPTIONAL, &memory, error) ||
      !_berth_json_get_object (object, "networks", BERTH_JSON_OPTIONAL, &networks, error) ||
      !_berth_json_get_object (object, "blkio_stats", BERTH_JSON_OPTIONAL, &blkio, error) ||
      !_berth_json_get_object (object, "pids_stats", BERTH_JSON_OPTIONAL, &pids, error) ||
      !read_cpu (cpu, &stats->cpu_total_usage, &stats->system_cpu_usage, &stats->online_cpus, error) ||
      !read_cpu (precpu, &pre_total, &pre_system, &pre_cpus, error) ||
      !read_memory (memory, stats, error) ||
      !read_networks (networks, stats, error) ||
      !read_block_io (blkio, stats, error) ||
      !get_uint (pids, "current", &stats->pids, error))
    return NULL;

  stats->read_time = parse_read_time (read);
  if (pre_system == 0 && previous != NULL)
    {
      pre_total = previous->cpu_total_usage;
      pre_system = previous->system_cpu_usage;
    }
  stats->cpu_percent = berth_stats_cpu_percent (stats->cpu_total_usage, pre_total,
                                                stats->system_cpu_usage, pre_system,
                                                stats->online_cpus);
  stats->memory_percent = berth_stats_memory_percent (stats->memory_usage, stats->memory_limit);
  return g_steal_pointer (&stats);
}

/* One sample ----------------------------------------------------------------- */

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  const BerthStats *previous = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *sample = NULL;
  BerthStats *stats;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (root == NULL && error == NULL)
    error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                 _("The engine sent no statistics"));
  if (error != NULL || !_berth_json_node_object (root, "stats", &sample, &error) ||
      (stats = berth_stats_new_from_json (sample, previous, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, stats, (GDestroyNotify) berth_stats_free);
}

/**
 * berth_stats_get_async:
 * @one_shot: answer at once with a single reading (API 1.41 and newer)
 *   instead of waiting a second for two; CPU % then needs @previous
 * @previous: (nullable): this container's last sample, for CPU %
 *
 * `docker stats --no-stream CONTAINER`, for list columns. A container that
 * is not running gives a sample with read_time 0.
 */
void
berth_stats_get_async (BerthEngine         *engine,
                       const char          *container_id,
                       gboolean             one_shot,
                       const BerthStats    *previous,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container_id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_stats_get_async);
  if (previous != NULL)
    g_task_set_task_data (task, berth_stats_copy (previous), (GDestroyNotify) berth_stats_free);

  escaped = berth_engine_escape (container_id);
  path = g_strconcat ("/containers/", escaped, "/stats?stream=0",
                      one_shot && berth_engine_api_at_least (engine, "1.41") ? "&one-shot=1" : "",
                      NULL);
  berth_engine_get_json_async (engine, path, cancellable, get_cb, g_steal_pointer (&task));
}

/**
 * berth_stats_get_finish:
 *
 * Returns: (transfer full): the sample, or %NULL with @error set
 */
BerthStats *
berth_stats_get_finish (BerthEngine   *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The stream ------------------------------------------------------------------ */

/* Reads a sample about every second for as long as the container runs.
 * The engine keeps the stream open after the container stopped, sending
 * empty samples; the first of those ends it ("ended" with
 * CONTAINER_STOPPED), as does the container's removal. Pending operations
 * hold no reference: dropping the object cancels them. */

struct _BerthStatsStream
{
  GObject           parent_instance;

  BerthEngine      *engine;
  char             *container_id;

  GCancellable     *cancellable;
  GDataInputStream *input;
  BerthStats       *last;
  GError           *read_error;
};

enum {
  SAMPLE,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthStatsStream, berth_stats_stream, G_TYPE_OBJECT)

static void
clear_run (BerthStatsStream *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->input);
  g_clear_error (&self->read_error);
}

static void
berth_stats_stream_dispose (GObject *object)
{
  BerthStatsStream *self = BERTH_STATS_STREAM (object);

  clear_run (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (berth_stats_stream_parent_class)->dispose (object);
}

static void
berth_stats_stream_finalize (GObject *object)
{
  BerthStatsStream *self = BERTH_STATS_STREAM (object);

  g_free (self->container_id);
  g_clear_pointer (&self->last, berth_stats_free);

  G_OBJECT_CLASS (berth_stats_stream_parent_class)->finalize (object);
}

static void
berth_stats_stream_class_init (BerthStatsStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_stats_stream_dispose;
  object_class->finalize = berth_stats_stream_finalize;

  /**
   * BerthStatsStream::sample:
   * @stats: the new sample
   */
  signals[SAMPLE] =
    g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BERTH_TYPE_STATS | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * BerthStatsStream::ended:
   * @reason: CONTAINER_STOPPED, CONTAINER_REMOVED or FAILED
   * @error: (nullable): what went wrong
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BERTH_TYPE_STREAM_END, G_TYPE_ERROR);
}

static void
berth_stats_stream_init (BerthStatsStream *self)
{
}

BerthStatsStream *
berth_stats_stream_new (BerthEngine *engine,
                        const char  *container_id)
{
  BerthStatsStream *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container_id != NULL && *container_id != '\0', NULL);

  self = g_object_new (BERTH_TYPE_STATS_STREAM, NULL);
  self->engine = g_object_ref (engine);
  self->container_id = g_strdup (container_id);
  return self;
}

const char *
berth_stats_stream_get_container_id (BerthStatsStream *self)
{
  g_return_val_if_fail (BERTH_IS_STATS_STREAM (self), NULL);
  return self->container_id;
}

gboolean
berth_stats_stream_get_running (BerthStatsStream *self)
{
  g_return_val_if_fail (BERTH_IS_STATS_STREAM (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * berth_stats_stream_get_last:
 *
 * Returns: (nullable): the last sample
 */
const BerthStats *
berth_stats_stream_get_last (BerthStatsStream *self)
{
  g_return_val_if_fail (BERTH_IS_STATS_STREAM (self), NULL);
  return self->last;
}

static void
end (BerthStatsStream *self,
     BerthStreamEnd    reason,
     const GError     *error)
{
  g_object_ref (self);
  clear_run (self);
  g_signal_emit (self, signals[ENDED], 0, reason, error);
  g_object_unref (self);
}

static void
check_container_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BerthStatsStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_autoptr (GError) removed = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND,
                                                _("The container %s no longer exists"),
                                                self->container_id);
      end (self, BERTH_STREAM_END_CONTAINER_REMOVED, removed);
    }
  else if (self->read_error != NULL || error != NULL)
    end (self, BERTH_STREAM_END_FAILED, self->read_error ? self->read_error : error);
  else
    end (self, BERTH_STREAM_END_CONTAINER_STOPPED, NULL);
}

static void
check_container (BerthStatsStream *self)
{
  g_autofree char *escaped = berth_engine_escape (self->container_id);
  g_autofree char *path = g_strconcat ("/containers/", escaped, "/json", NULL);

  berth_engine_get_json_async (self->engine, path, self->cancellable, check_container_cb, self);
}

static void read_next (BerthStatsStream *self);

static void
handle_line (BerthStatsStream *self,
             const char       *line,
             gsize             length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (BerthStats) stats = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (length == 0)
    {
      read_next (self);
      return;
    }

  if (!json_parser_load_from_data (parser, line, length, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (stats = berth_stats_new_from_json (json_node_get_object (root), self->last, &error)) == NULL)
    {
      g_autoptr (GError) bad = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                            _("The engine sent unusable statistics: %s"),
                                            error ? error->message : line);
      end (self, BERTH_STREAM_END_FAILED, bad);
      return;
    }

  if (stats->read_time == 0 && stats->cpu_total_usage == 0 && stats->memory_limit == 0)
    {
      /* The container stopped: the engine would send empty samples forever. */
      end (self, BERTH_STREAM_END_CONTAINER_STOPPED, NULL);
      return;
    }

  g_clear_pointer (&self->last, berth_stats_free);
  self->last = berth_stats_copy (stats);
  g_signal_emit (self, signals[SAMPLE], 0, stats);
  if (self->input != NULL)
    read_next (self);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BerthStatsStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      if (error != NULL)
        self->read_error = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                        _("Lost the engine while reading statistics: %s"),
                                        error->message);
      check_container (self);
      return;
    }

  g_object_ref (self);
  handle_line (self, line, length);
  g_object_unref (self);
}

static void
read_next (BerthStatsStream *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, self);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BerthStatsStream *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) input = NULL;

  input = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (input == NULL)
    {
      if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        end (self, BERTH_STREAM_END_CONTAINER_REMOVED, error);
      else
        end (self, BERTH_STREAM_END_FAILED, error);
      return;
    }

  self->input = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  read_next (self);
}

/**
 * berth_stats_stream_start:
 *
 * Opens `GET /containers/{id}/stats?stream=1`: "sample" about every second
 * until "ended". Start it for a running container: for one that is not
 * running the engine stays silent.
 */
void
berth_stats_stream_start (BerthStatsStream *self)
{
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_STATS_STREAM (self));
  g_return_if_fail (self->cancellable == NULL);

  escaped = berth_engine_escape (self->container_id);
  path = g_strconcat ("/containers/", escaped, "/stats?stream=1", NULL);
  message = berth_engine_new_message (self->engine, SOUP_METHOD_GET, path);

  g_clear_pointer (&self->last, berth_stats_free);
  self->cancellable = g_cancellable_new ();
  berth_engine_send_async (self->engine, message, self->cancellable, send_cb, self);
}

/* Closes the stream without emitting "ended". */
void
berth_stats_stream_stop (BerthStatsStream *self)
{
  g_return_if_fail (BERTH_IS_STATS_STREAM (self));
  clear_run (self);
}
