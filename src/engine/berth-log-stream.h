/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-demuxer.h"
#include "berth-engine.h"

G_BEGIN_DECLS

/* `docker logs [-f] [-t] [--tail N] [--since T] CONTAINER`, read as it
 * arrives. */
#define BERTH_TYPE_LOG_STREAM (berth_log_stream_get_type ())

G_DECLARE_FINAL_TYPE (BerthLogStream, berth_log_stream, BERTH, LOG_STREAM, GObject)

BerthLogStream *berth_log_stream_new                   (BerthEngine    *engine,
                                                        const char     *container_id);
const char     *berth_log_stream_get_container_id      (BerthLogStream *self);
gboolean        berth_log_stream_get_follow            (BerthLogStream *self);
void            berth_log_stream_set_follow            (BerthLogStream *self,
                                                        gboolean        follow);
gboolean        berth_log_stream_get_timestamps        (BerthLogStream *self);
void            berth_log_stream_set_timestamps        (BerthLogStream *self,
                                                        gboolean        timestamps);
gint64          berth_log_stream_get_tail              (BerthLogStream *self);
void            berth_log_stream_set_tail              (BerthLogStream *self,
                                                        gint64          tail);
gint64          berth_log_stream_get_since             (BerthLogStream *self);
void            berth_log_stream_set_since             (BerthLogStream *self,
                                                        gint64          since);
void            berth_log_stream_set_tty               (BerthLogStream *self,
                                                        gboolean        tty);
gboolean        berth_log_stream_get_tty               (BerthLogStream *self);
gboolean        berth_log_stream_get_running           (BerthLogStream *self);
gboolean        berth_log_stream_get_container_running (BerthLogStream *self);
const char     *berth_log_stream_get_last_timestamp    (BerthLogStream *self);
guint64         berth_log_stream_get_bytes_read        (BerthLogStream *self);
void            berth_log_stream_start                 (BerthLogStream *self);
void            berth_log_stream_resume                (BerthLogStream *self);
void            berth_log_stream_stop                  (BerthLogStream *self);

G_END_DECLS
