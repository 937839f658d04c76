/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* One line of GET /events. */
typedef struct
{
  char       *type;        /* "container", "image", "volume", "network" */
  char       *action;      /* "start", "destroy", "exec_start" (without ": sh") */
  char       *id;          /* Actor.ID */
  GHashTable *attributes;  /* Actor.Attributes */
  gint64      time_nano;
} BerthEvent;

#define BERTH_TYPE_EVENT (berth_event_get_type ())

GType        berth_event_get_type       (void) G_GNUC_CONST;
BerthEvent  *berth_event_new_from_json  (JsonObject  *object,
                                         GError     **error);
BerthEvent  *berth_event_copy           (const BerthEvent *event);
void         berth_event_free           (BerthEvent  *event);
const char  *berth_event_get_attribute  (const BerthEvent *event,
                                         const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthEvent, berth_event_free)

#define BERTH_TYPE_EVENT_MONITOR (berth_event_monitor_get_type ())

G_DECLARE_FINAL_TYPE (BerthEventMonitor, berth_event_monitor, BERTH, EVENT_MONITOR, GObject)

BerthEventMonitor *berth_event_monitor_new        (BerthEngine       *engine);
void               berth_event_monitor_start      (BerthEventMonitor *self);
void               berth_event_monitor_stop       (BerthEventMonitor *self);
gboolean           berth_event_monitor_get_running (BerthEventMonitor *self);

G_END_DECLS
