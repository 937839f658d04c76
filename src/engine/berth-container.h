/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_CONTAINER_STATE_UNKNOWN,
  BERTH_CONTAINER_STATE_CREATED,
  BERTH_CONTAINER_STATE_RUNNING,
  BERTH_CONTAINER_STATE_PAUSED,
  BERTH_CONTAINER_STATE_RESTARTING,
  BERTH_CONTAINER_STATE_REMOVING,
  BERTH_CONTAINER_STATE_EXITED,
  BERTH_CONTAINER_STATE_DEAD,
} BerthContainerState;

/* A published port, as `docker ps` shows it: 8080->80/tcp. */
typedef struct
{
  char    *ip;
  guint16  private_port;
  guint16  public_port;     /* 0 when not published */
  char    *protocol;        /* "tcp", "udp", "sctp" */
} BerthPort;

typedef struct
{
  char     *type;           /* "volume", "bind", "tmpfs" */
  char     *name;           /* the volume name, for volumes */
  char     *source;
  char     *destination;
  gboolean  read_write;
} BerthMount;

#define BERTH_TYPE_CONTAINER (berth_container_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainer, berth_container, BERTH, CONTAINER, BerthResource)

BerthContainer      *berth_container_new_from_json      (JsonObject          *object,
                                                         GError             **error);
const char          *berth_container_get_name           (BerthContainer      *self);
const char          *berth_container_get_image          (BerthContainer      *self);
const char          *berth_container_get_image_id       (BerthContainer      *self);
const char          *berth_container_get_command        (BerthContainer      *self);
gint64               berth_container_get_created        (BerthContainer      *self);
BerthContainerState  berth_container_get_state          (BerthContainer      *self);
const char          *berth_container_get_status         (BerthContainer      *self);
GPtrArray           *berth_container_get_ports          (BerthContainer      *self);
GPtrArray           *berth_container_get_mounts         (BerthContainer      *self);
const char * const  *berth_container_get_labels         (BerthContainer      *self);
const char * const  *berth_container_get_networks       (BerthContainer      *self);
const char * const  *berth_container_get_network_ids    (BerthContainer      *self);
const char          *berth_container_get_compose_project (BerthContainer     *self);
gboolean             berth_container_is_active          (BerthContainer      *self);
BerthContainerState  berth_container_state_from_string  (const char          *state);
const char          *berth_container_state_to_string    (BerthContainerState  state);
char                *berth_port_to_string               (const BerthPort     *port);

G_END_DECLS
