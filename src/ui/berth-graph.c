/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "berth-graph.h"

/* A line graph of the last minutes, drawn natively: a grid with the
 * scale's values, "now" at the right, one line (and a light fill) per
 * series. Grid and text take the widget's own foreground colour, so it
 * reads in light and dark styles alike; the series colours are mid-tones
 * that work on both. Points older than the span are dropped. */

#define DEFAULT_SPAN   (3 * 60 * G_USEC_PER_SEC)
#define LEFT_MARGIN    8
#define TOP_MARGIN     8
#define RIGHT_MARGIN   8
#define LABEL_GAP      6
#define GRID_LINES     4

typedef struct
{
  gint64 time;    /* µs */
  double value;
} Point;

typedef struct
{
  char    *label;
  GdkRGBA  color;
  GArray  *points;  /* of Point, oldest first */
} Series;

struct _BerthGraph
{
  GtkWidget         parent_instance;

  BerthGraphFormat  format;
  GPtrArray        *series;
  gint64            span;
  double            minimum_top;
};

G_DEFINE_FINAL_TYPE (BerthGraph, berth_graph, GTK_TYPE_WIDGET)

static void
series_free (Series *series)
{
  g_free (series->label);
  g_array_unref (series->points);
  g_free (series);
}

/* Values --------------------------------------------------------------------- */

/**
 * berth_graph_format_value:
 *
 * Returns: (transfer full): "42 %", "1.2 GB", "3.4 kB/s"
 */
char *
berth_graph_format_value (BerthGraphFormat format,
                          double           value)
{
  g_autofree char *size = NULL;

  switch (format)
    {
    case BERTH_GRAPH_FORMAT_PERCENT:
      /* Translators: a percentage */
      return g_strdup_printf (value < 10 && value > 0 ? _("%.1f %%") : _("%.0f %%"), value);
    case BERTH_GRAPH_FORMAT_BYTES:
      return g_format_size ((guint64) MAX (value, 0));
    case BERTH_GRAPH_FORMAT_BYTES_PER_SECOND:
    default:
      size = g_format_size ((guint64) MAX (value, 0));
      /* Translators: a rate, e.g. "3.4 kB/s" */
      return g_strdup_printf (_("%s/s"), size);
    }
}

/* 1, 2, 2.5 or 5 times a power of ten at or above @value, so grid lines
 * fall on round numbers (g_format_size() counts in powers of 1000). */
static double
nice_top (BerthGraphFormat format,
          double           value)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double unit = 1, magnitude;

  if (value <= 0)
    return 1;
  if (format != BERTH_GRAPH_FORMAT_PERCENT)
    while (value / unit >= 1000)
      unit *= 1000;

  magnitude = pow (10, floor (log10 (value / unit)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude * unit >= value)
      return steps[i] * magnitude * unit;
  return 10 * magnitude * unit;
}

static gint64
latest_time (BerthGraph *self)
{
  gint64 latest = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (series->points->len > 0)
        latest = MAX (latest, g_array_index (series->points, Point, series->points->len - 1).time);
    }
  return latest;
}

/* The top of the scale: what the visible points need, at least the minimum. */
double
berth_graph_get_top (BerthGraph *self)
{
  gint64 start = latest_time (self) - self->span;
  double highest = self->minimum_top;

  g_return_val_if_fail (BERTH_IS_GRAPH (self), 1);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->points->len; j++)
        {
          Point *point = &g_array_index (series->points, Point, j);

          if (point->time >= start)
            highest = MAX (highest, point->value);
        }
    }
  return nice_top (self->format, highest);
}

/* Drawing -------------------------------------------------------------------- */

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static PangoLayout *
make_label (BerthGraph *self,
            const char *text,
            int        *width,
            int        *height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, width, height);
  return layout;
}

static void
draw_label (GtkSnapshot   *snapshot,
            PangoLayout   *layout,
            double         x,
            double         y,
            const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The scale's labels, right-aligned in a column of @label_width. */
static void
draw_grid (BerthGraph            *self,
           GtkSnapshot           *snapshot,
           cairo_t               *cr,
           const graphene_rect_t *plot,
           double                 top,
           const GdkRGBA         *fg)
{
  GdkRGBA text = *fg, line = *fg;

  text.alpha *= 0.65;
  line.alpha *= 0.12;
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &line);

  for (int i = 0; i <= GRID_LINES; i++)
    {
      double y = round (plot->origin.y + plot->size.height * i / GRID_LINES) + 0.5;
      g_autofree char *value = berth_graph_format_value (self->format, top * (GRID_LINES - i) / GRID_LINES);
      g_autoptr (PangoLayout) layout = NULL;
      int width, height;

      cairo_move_to (cr, plot->origin.x, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width, y);
      layout = make_label (self, value, &width, &height);
      draw_label (snapshot, layout, plot->origin.x - LABEL_GAP - width, y - height / 2.0, &text);
    }
  cairo_stroke (cr);
}

static void
draw_time_labels (BerthGraph            *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *plot,
                  const GdkRGBA         *fg)
{
  g_autofree char *ago = NULL;
  g_autoptr (PangoLayout) left = NULL;
  g_autoptr (PangoLayout) right = NULL;
  GdkRGBA text = *fg;
  int width, height;

  text.alpha *= 0.65;
  ago = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                      (int) (self->span / (60 * G_USEC_PER_SEC))),
                         (int) (self->span / (60 * G_USEC_PER_SEC)));
  left = make_label (self, ago, &width, &height);
  draw_label (snapshot, left, plot->origin.x, plot->origin.y + plot->size.height + 2, &text);
  right = make_label (self, _("now"), &width, &height);
  draw_label (snapshot, right, plot->origin.x + plot->size.width - width,
              plot->origin.y + plot->size.height + 2, &text);
}

static void
draw_series (BerthGraph            *self,
             cairo_t               *cr,
             Series                *series,
             const graphene_rect_t *plot,
             gint64                 end,
             double                 top)
{
  gint64 start = end - self->span;
  double first_x = -1, last_x = 0;
  GdkRGBA fill = series->color;

  for (guint i = 0; i < series->points->len; i++)
    {
      Point *point = &g_array_index (series->points, Point, i);
      double x = plot->origin.x + plot->size.width * (double) (point->time - start) / self->span;
      double y = plot->origin.y + plot->size.height * (1 - CLAMP (point->value / top, 0, 1));

      if (point->time < start)
        continue;
      if (first_x < 0)
        {
          first_x = x;
          cairo_move_to (cr, x, y);
        }
      else
        cairo_line_to (cr, x, y);
      last_x = x;
    }
  if (first_x < 0)
    return;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 2);
  gdk_cairo_set_source_rgba (cr, &series->color);
  cairo_stroke_preserve (cr);

  cairo_line_to (cr, last_x, plot->origin.y + plot->size.height);
  cairo_line_to (cr, first_x, plot->origin.y + plot->size.height);
  cairo_close_path (cr);
  fill.alpha = 0.18;
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill (cr);
}

/* A coloured dash and the series' name, from the top right. */
static void
draw_legend (BerthGraph            *self,
             GtkSnapshot           *snapshot,
             const graphene_rect_t *plot,
             const GdkRGBA         *fg)
{
  double x = plot->origin.x + plot->size.width;

  if (self->series->len < 2)
    return;

  for (guint i = self->series->len; i > 0; i--)
    {
      Series *series = g_ptr_array_index (self->series, i - 1);
      g_autoptr (PangoLayout) layout = NULL;
      int width, height;

      layout = make_label (self, series->label, &width, &height);
      x -= width;
      draw_label (snapshot, layout, x, plot->origin.y + 2, fg);
      x -= 16;
      gtk_snapshot_append_color (snapshot, &series->color,
                                 &GRAPHENE_RECT_INIT (x, plot->origin.y + 2 + height / 2.0 - 2, 12, 4));
      x -= 12;
    }
}

static void
berth_graph_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  BerthGraph *self = BERTH_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double top = berth_graph_get_top (self);
  g_autofree char *widest = berth_graph_format_value (self->format, top);
  g_autoptr (PangoLayout) probe = NULL;
  graphene_rect_t plot;
  gint64 end = latest_time (self);
  GdkRGBA fg;
  cairo_t *cr;
  int label_width, label_height;

  get_foreground (widget, &fg);
  probe = make_label (self, widest, &label_width, &label_height);
  plot = GRAPHENE_RECT_INIT (LEFT_MARGIN + label_width + LABEL_GAP, TOP_MARGIN + label_height / 2.0,
                             width - LEFT_MARGIN - label_width - LABEL_GAP - RIGHT_MARGIN,
                             height - TOP_MARGIN - label_height / 2.0 - label_height - 4);
  if (plot.size.width < 10 || plot.size.height < 10)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_grid (self, snapshot, cr, &plot, top, &fg);
  for (guint i = 0; end > 0 && i < self->series->len; i++)
    draw_series (self, cr, g_ptr_array_index (self->series, i), &plot, end, top);
  cairo_destroy (cr);

  draw_time_labels (self, snapshot, &plot, &fg);
  draw_legend (self, snapshot, &plot, &fg);
}

static void
berth_graph_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 400;
    }
  else
    {
      *minimum = 100;
      *natural = 150;
    }
}

/* Public --------------------------------------------------------------------- */

GtkWidget *
berth_graph_new (BerthGraphFormat format)
{
  BerthGraph *self = g_object_new (BERTH_TYPE_GRAPH, NULL);

  self->format = format;
  return GTK_WIDGET (self);
}

/**
 * berth_graph_add_series:
 * @label: its name in the legend
 * @color: e.g. "#3584e4"
 *
 * Returns: the series' index for berth_graph_add_point()
 */
guint
berth_graph_add_series (BerthGraph *self,
                        const char *label,
                        const char *color)
{
  Series *series;

  g_return_val_if_fail (BERTH_IS_GRAPH (self), 0);

  series = g_new0 (Series, 1);
  series->label = g_strdup (label);
  series->points = g_array_new (FALSE, FALSE, sizeof (Point));
  if (!gdk_rgba_parse (&series->color, color))
    gdk_rgba_parse (&series->color, "#3584e4");
  g_ptr_array_add (self->series, series);
  return self->series->len - 1;
}

/* @time in µs (any clock, the same for all points). */
void
berth_graph_add_point (BerthGraph *self,
                       guint       index,
                       gint64      time,
                       double      value)
{
  Series *series;
  Point point = { time, value };
  guint old = 0;

  g_return_if_fail (BERTH_IS_GRAPH (self));
  g_return_if_fail (index < self->series->len);

  series = g_ptr_array_index (self->series, index);
  g_array_append_val (series->points, point);

  /* Keep one point before the span, so the line enters from the left. */
  while (old + 1 < series->points->len &&
         g_array_index (series->points, Point, old + 1).time < time - self->span)
    old++;
  if (old > 0)
    g_array_remove_range (series->points, 0, old);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* How far back the graph looks, in µs. */
void
berth_graph_set_span (BerthGraph *self,
                      gint64      span)
{
  g_return_if_fail (BERTH_IS_GRAPH (self));
  g_return_if_fail (span > 0);

  self->span = span;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The scale never goes below this (e.g. 100 % for CPU), so noise stays small. */
void
berth_graph_set_minimum_top (BerthGraph *self,
                             double      minimum_top)
{
  g_return_if_fail (BERTH_IS_GRAPH (self));

  self->minimum_top = minimum_top;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
berth_graph_clear (BerthGraph *self)
{
  g_return_if_fail (BERTH_IS_GRAPH (self));

  for (guint i = 0; i < self->series->len; i++)
    g_array_set_size (((Series *) g_ptr_array_index (self->series, i))->points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
berth_graph_get_n_points (BerthGraph *self,
                          guint       index)
{
  g_return_val_if_fail (BERTH_IS_GRAPH (self), 0);
  g_return_val_if_fail (index < self->series->len, 0);

  return ((Series *) g_ptr_array_index (self->series, index))->points->len;
}

/* GObject -------------------------------------------------------------------- */

static void
berth_graph_finalize (GObject *object)
{
  BerthGraph *self = BERTH_GRAPH (object);

  g_ptr_array_unref (self->series);

  G_OBJECT_CLASS (berth_graph_parent_class)->finalize (object);
}

static void
berth_graph_class_init (BerthGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = berth_graph_finalize;
  widget_class->snapshot = berth_graph_snapshot;
  widget_class->measure = berth_graph_measure;

  gtk_widget_class_set_css_name (widget_class, "graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
berth_graph_init (BerthGraph *self)
{
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->span = DEFAULT_SPAN;
  self->minimum_top = 1;
}
