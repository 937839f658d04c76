/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * BerthProgressPhase:
 * @BERTH_PROGRESS_PHASE_WAITING: queued ("Pulling fs layer", "Waiting", "Preparing")
 * @BERTH_PROGRESS_PHASE_TRANSFERRING: bytes moving ("Downloading", "Pushing", "Loading layer")
 * @BERTH_PROGRESS_PHASE_VERIFYING: downloaded, not yet unpacked ("Verifying Checksum", "Download complete")
 * @BERTH_PROGRESS_PHASE_EXTRACTING: unpacking ("Extracting")
 * @BERTH_PROGRESS_PHASE_DONE: finished ("Pull complete", "Already exists", "Pushed",
 *   "Layer already exists", "Mounted from …")
 */
typedef enum
{
  BERTH_PROGRESS_PHASE_WAITING,
  BERTH_PROGRESS_PHASE_TRANSFERRING,
  BERTH_PROGRESS_PHASE_VERIFYING,
  BERTH_PROGRESS_PHASE_EXTRACTING,
  BERTH_PROGRESS_PHASE_DONE,
} BerthProgressPhase;

#define BERTH_TYPE_PROGRESS_LAYER (berth_progress_layer_get_type ())

G_DECLARE_FINAL_TYPE (BerthProgressLayer, berth_progress_layer, BERTH, PROGRESS_LAYER, GObject)

const char         *berth_progress_layer_get_id        (BerthProgressLayer   *self);
const char         *berth_progress_layer_get_status    (BerthProgressLayer   *self);
BerthProgressPhase  berth_progress_layer_get_phase     (BerthProgressLayer   *self);
guint64             berth_progress_layer_get_current   (BerthProgressLayer   *self);
guint64             berth_progress_layer_get_total     (BerthProgressLayer   *self);
double              berth_progress_layer_get_fraction  (BerthProgressLayer   *self);
gboolean            berth_progress_layer_get_done      (BerthProgressLayer   *self);

#define BERTH_TYPE_PROGRESS (berth_progress_get_type ())

G_DECLARE_FINAL_TYPE (BerthProgress, berth_progress, BERTH, PROGRESS, GObject)

BerthProgress      *berth_progress_new                 (void);
guint64             berth_progress_get_current         (BerthProgress        *self);
guint64             berth_progress_get_total           (BerthProgress        *self);
double              berth_progress_get_fraction        (BerthProgress        *self);
const char         *berth_progress_get_status          (BerthProgress        *self);
const char         *berth_progress_get_digest          (BerthProgress        *self);
gboolean            berth_progress_get_finished        (BerthProgress        *self);
BerthProgressLayer *berth_progress_lookup_layer        (BerthProgress        *self,
                                                        const char           *id);
gboolean            berth_progress_feed_line           (BerthProgress        *self,
                                                        const char           *line,
                                                        gssize                length,
                                                        GError              **error);
gboolean            berth_progress_feed_object         (BerthProgress        *self,
                                                        JsonObject           *object,
                                                        GError              **error);
void                berth_progress_set_bytes           (BerthProgress        *self,
                                                        guint64               current,
                                                        guint64               total);
void                berth_progress_set_finished        (BerthProgress        *self);
void                berth_progress_read_async          (BerthProgress        *self,
                                                        GInputStream         *stream,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            berth_progress_read_finish         (BerthProgress        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/**
 * BerthJsonLineFunc:
 * @object: one line of a JSON-lines stream
 *
 * Returns: %FALSE with @error set to stop reading
 */
typedef gboolean  (*BerthJsonLineFunc)                 (JsonObject           *object,
                                                        gpointer              user_data,
                                                        GError              **error);

void                berth_json_lines_read_async        (GInputStream         *stream,
                                                        BerthJsonLineFunc     func,
                                                        gpointer              func_data,
                                                        GDestroyNotify        func_data_free,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            berth_json_lines_read_finish       (GAsyncResult         *result,
                                                        GError              **error);
GError             *berth_stream_error_new             (const char           *message);
void                berth_stream_error_classify        (GError               *error);

G_END_DECLS
