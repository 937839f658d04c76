/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-demuxer.h"
#include "berth-engine.h"

G_BEGIN_DECLS

/* One sample of `docker stats`, computed as the docker CLI computes it. */
typedef struct
{
  gint64   read_time;         /* when the engine took it, Unix µs; 0: not running */
  double   cpu_percent;       /* 100 is one CPU fully used */
  guint64  cpu_total_usage;   /* ns, cpu_stats.cpu_usage.total_usage */
  guint64  system_cpu_usage;  /* ns, cpu_stats.system_cpu_usage */
  guint    online_cpus;
  guint64  memory_usage;      /* bytes, without the inactive file cache */
  guint64  memory_limit;      /* bytes */
  double   memory_percent;
  guint64  network_rx;        /* bytes, summed over the interfaces */
  guint64  network_tx;
  guint64  block_read;        /* bytes */
  guint64  block_write;
  guint64  pids;
} BerthStats;

#define BERTH_TYPE_STATS (berth_stats_get_type ())

GType        berth_stats_get_type              (void) G_GNUC_CONST;
BerthStats  *berth_stats_new_from_json         (JsonObject        *object,
                                                const BerthStats  *previous,
                                                GError           **error);
BerthStats  *berth_stats_copy                  (const BerthStats  *stats);
void         berth_stats_free                  (BerthStats        *stats);
double       berth_stats_cpu_percent           (guint64            cpu_total,
                                                guint64            previous_cpu_total,
                                                guint64            system,
                                                guint64            previous_system,
                                                guint              online_cpus);
double       berth_stats_memory_percent        (guint64            usage,
                                                guint64            limit);
void         berth_stats_get_async             (BerthEngine       *engine,
                                                const char        *container_id,
                                                gboolean           one_shot,
                                                const BerthStats  *previous,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
BerthStats  *berth_stats_get_finish            (BerthEngine       *engine,
                                                GAsyncResult      *result,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthStats, berth_stats_free)

/* `docker stats CONTAINER`: a sample about every second. */
#define BERTH_TYPE_STATS_STREAM (berth_stats_stream_get_type ())

G_DECLARE_FINAL_TYPE (BerthStatsStream, berth_stats_stream, BERTH, STATS_STREAM, GObject)

BerthStatsStream *berth_stats_stream_new               (BerthEngine      *engine,
                                                        const char       *container_id);
const char       *berth_stats_stream_get_container_id  (BerthStatsStream *self);
gboolean          berth_stats_stream_get_running       (BerthStatsStream *self);
const BerthStats *berth_stats_stream_get_last          (BerthStatsStream *self);
void              berth_stats_stream_start             (BerthStatsStream *self);
void              berth_stats_stream_stop              (BerthStatsStream *self);

G_END_DECLS
