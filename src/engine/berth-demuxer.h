/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which standard stream a piece of container output came from. The values
 * are the stream types of the engine's multiplexed framing. */
typedef enum
{
  BERTH_STREAM_STDIN,
  BERTH_STREAM_STDOUT,
  BERTH_STREAM_STDERR,
  BERTH_STREAM_SYSTEM,   /* the engine's own error text, not the container's */
} BerthStreamType;

/* Why a log stream, exec session or attach session ended. */
typedef enum
{
  BERTH_STREAM_END_COMPLETE,           /* logs read to the end; the exec'd process exited */
  BERTH_STREAM_END_CONTAINER_STOPPED,  /* the container stopped (or is restarting) */
  BERTH_STREAM_END_CONTAINER_REMOVED,  /* the container no longer exists */
  BERTH_STREAM_END_DETACHED,           /* attach ended while the container still runs */
  BERTH_STREAM_END_FAILED,             /* see the error: engine lost, bad data, refused */
} BerthStreamEnd;

/* One piece of demultiplexed output. A frame up to the demuxer's limit is
 * given whole; a bigger one (and raw output) comes in pieces, every piece
 * after the first marked @continued. */
typedef struct
{
  BerthStreamType  stream;
  const guint8    *data;
  gsize            length;
  gboolean         continued;
} BerthFrame;

typedef void (*BerthFrameFunc) (const BerthFrame *frame,
                                gpointer          user_data);

/* Frames bigger than this are passed on in pieces instead of buffered. */
#define BERTH_DEMUXER_DEFAULT_MAX_FRAME (256 * 1024)

typedef struct _BerthDemuxer BerthDemuxer;

BerthDemuxer *berth_demuxer_new            (gboolean         raw);
void          berth_demuxer_free           (BerthDemuxer    *self);
gboolean      berth_demuxer_get_raw        (BerthDemuxer    *self);
void          berth_demuxer_set_max_frame  (BerthDemuxer    *self,
                                            gsize            max_frame);
gboolean      berth_demuxer_feed           (BerthDemuxer    *self,
                                            const guint8    *data,
                                            gsize            length,
                                            BerthFrameFunc   func,
                                            gpointer         user_data,
                                            GError         **error);
gboolean      berth_demuxer_finish         (BerthDemuxer    *self,
                                            BerthFrameFunc   func,
                                            gpointer         user_data,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDemuxer, berth_demuxer_free)

/* Output of one stream, as the engine sent it (consecutive frames of the
 * same stream merged). */
typedef struct
{
  BerthStreamType  stream;
  GBytes          *data;
} BerthOutputChunk;

void berth_output_chunk_free (BerthOutputChunk *chunk);

/* One complete line of log output. */
typedef struct
{
  BerthStreamType  stream;
  char            *timestamp;  /* "2024-05-01T10:00:00.123456789Z", or NULL */
  char            *text;       /* without "\n" or "\r\n" */
} BerthLogLine;

#define BERTH_TYPE_LOG_LINE (berth_log_line_get_type ())

GType          berth_log_line_get_type  (void) G_GNUC_CONST;
BerthLogLine  *berth_log_line_new       (BerthStreamType     stream,
                                         const char         *timestamp,
                                         const char         *text,
                                         gsize               length);
BerthLogLine  *berth_log_line_copy      (const BerthLogLine *line);
void           berth_log_line_free      (BerthLogLine       *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthLogLine, berth_log_line_free)

/* Pure decoding of a log (or exec/attach) body: framing, the timestamp the
 * engine puts before each message, line splitting. */
typedef enum
{
  BERTH_LOG_DECODER_NONE            = 0,
  BERTH_LOG_DECODER_TIMESTAMPS      = 1 << 0,  /* each message starts with "TIMESTAMP " */
  BERTH_LOG_DECODER_KEEP_TIMESTAMPS = 1 << 1,  /* leave them in the output chunks */
  BERTH_LOG_DECODER_LINES           = 1 << 2,  /* also collect complete lines */
} BerthLogDecoderFlags;

/* Lines longer than this are cut; the rest follows as another line. */
#define BERTH_LOG_MAX_LINE (64 * 1024)

typedef struct _BerthLogDecoder BerthLogDecoder;

BerthLogDecoder *berth_log_decoder_new                (gboolean              tty,
                                                       BerthLogDecoderFlags  flags);
void             berth_log_decoder_free               (BerthLogDecoder      *self);
gboolean         berth_log_decoder_feed               (BerthLogDecoder      *self,
                                                       const guint8         *data,
                                                       gsize                 length,
                                                       GError              **error);
gboolean         berth_log_decoder_finish             (BerthLogDecoder      *self,
                                                       GError              **error);
GPtrArray       *berth_log_decoder_take_output        (BerthLogDecoder      *self);
GPtrArray       *berth_log_decoder_take_lines         (BerthLogDecoder      *self);
gboolean         berth_log_decoder_has_output         (BerthLogDecoder      *self);
const char      *berth_log_decoder_get_last_timestamp (BerthLogDecoder      *self);
void             berth_log_decoder_set_max_frame      (BerthLogDecoder      *self,
                                                       gsize                 max_frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthLogDecoder, berth_log_decoder_free)

char            *berth_log_timestamp_to_since         (const char           *timestamp,
                                                       gboolean              after);

G_END_DECLS
