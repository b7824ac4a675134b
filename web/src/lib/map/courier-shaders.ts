// GLSL for the courier layer: one point per courier, drawn in three passes over the same
// vertices (stalled couriers' dashed rings, then dots, then heading arrows). A dot's fill is the
// courier's worst open stop; its movement is a mark (a pip, a hole or the ring). Positions glide and fixes go stale on
// the GPU from the clock uniform, so frames between fixes cost nothing per courier on the CPU.
// Colours leave the fragment shader premultiplied, as MapLibre's blending expects.

/** Which marker part a draw call renders (the `u_pass` uniform). */
export const PASS = { alertRing: 0, dot: 1, arrow: 2 } as const;

/** Vertex attributes, in the order of a courier's floats (see FIELD in courier-vertices). */
export const ATTRIBUTES = ['a_from', 'a_to', 'a_times', 'a_look'] as const;

export const UNIFORMS = [
  'u_matrix',
  'u_viewport',
  'u_pixel_ratio',
  'u_now',
  'u_move_ms',
  'u_stale_before',
  'u_pass',
  'u_radius',
  'u_ring_radius',
  'u_ring_width',
  'u_arrow_px',
  'u_arrow_offset',
  'u_bearing',
  'u_state_colors',
  'u_movement_marks',
  'u_stroke_color',
  'u_selected_color',
  'u_mark_light',
  'u_mark_dark',
  'u_ring_dashes',
  'u_stroke_px',
  'u_selected_stroke_px',
  'u_stale_opacity',
  'u_arrow_opacity',
] as const;
export type CourierUniform = (typeof UNIFORMS)[number];

export const VERTEX_SHADER = `#version 300 es
precision highp float;

in vec2 a_from;
in vec2 a_to;
in vec2 a_times;   // glide start, fix time: ms after the layer's epoch
in vec2 a_look;    // heading in degrees (-1 unknown), style code (see styleCode)

uniform mat4 u_matrix;
uniform vec2 u_viewport;        // CSS pixels
uniform float u_pixel_ratio;
uniform float u_now;
uniform float u_move_ms;
uniform float u_stale_before;   // fixes older than this are stale
uniform float u_pass;
uniform float u_radius;
uniform float u_ring_radius;
uniform float u_ring_width;
uniform float u_arrow_px;
uniform float u_arrow_offset;
uniform float u_bearing;        // radians
uniform vec3 u_state_colors[4];
uniform vec3 u_movement_marks[5];  // pip code, pip share of the radius, dashed ring
uniform vec3 u_stroke_color;
uniform vec3 u_selected_color;
uniform vec3 u_mark_light;
uniform vec3 u_mark_dark;
uniform float u_stroke_px;
uniform float u_selected_stroke_px;
uniform float u_stale_opacity;
uniform float u_arrow_opacity;

out vec4 v_fill;
out vec4 v_stroke;
out float v_sprite_px;   // the point sprite's side, CSS pixels
out float v_inner_px;    // fill radius (dot), ring radius (ring)
out float v_stroke_px;
out float v_angle;       // arrow direction on screen, radians clockwise from up
out vec4 v_pip;          // the pip's colour (premultiplied); alpha 0 for none, -1 for a hole
out float v_pip_px;

void hide() {
  gl_Position = vec4(-2.0, -2.0, 0.0, 1.0);
  gl_PointSize = 0.0;
}

void main() {
  float code = a_look.y;
  float movement = mod(code, 8.0);
  float state = mod(floor(code / 8.0), 4.0);
  float selected = mod(floor(code / 32.0), 2.0);
  float hidden = floor(code / 64.0);
  vec3 mark = u_movement_marks[int(movement + 0.5)];
  float heading = a_look.x;
  bool isRing = u_pass < 0.5;
  bool isArrow = u_pass > 1.5;
  if (hidden > 0.5 || (isRing && mark.z < 0.5) || (isArrow && heading < 0.0)) {
    hide();
    return;
  }

  float t = u_move_ms > 0.0 ? clamp((u_now - a_times.x) / u_move_ms, 0.0, 1.0) : 1.0;
  gl_Position = u_matrix * vec4(mix(a_from, a_to, t), 0.0, 1.0);
  float opacity = a_times.y < u_stale_before ? u_stale_opacity : 1.0;
  v_angle = 0.0;
  v_stroke_px = 0.0;
  v_pip = vec4(0.0);
  v_pip_px = 0.0;

  if (isRing) {
    v_inner_px = u_ring_radius;
    v_stroke_px = u_ring_width;
    v_fill = vec4(u_mark_dark, 1.0);
    v_stroke = vec4(u_mark_light, 1.0);
  } else if (isArrow) {
    v_angle = radians(heading) - u_bearing;
    vec2 ahead = vec2(sin(v_angle), cos(v_angle)) * u_arrow_offset;
    gl_Position.xy += ahead * 2.0 / u_viewport * gl_Position.w;
    float alpha = opacity < 1.0 ? u_stale_opacity : u_arrow_opacity;
    v_fill = vec4(alpha);           // white, premultiplied
    v_stroke = vec4(0.0, 0.0, 0.0, alpha);
    v_inner_px = u_arrow_px;
  } else {
    vec3 color = u_state_colors[int(state + 0.5)];
    v_inner_px = u_radius;
    v_stroke_px = selected > 0.5 ? u_selected_stroke_px : u_stroke_px;
    v_fill = vec4(color * opacity, opacity);
    v_stroke = vec4(selected > 0.5 ? u_selected_color : u_stroke_color, 1.0);
    v_pip_px = u_radius * mark.y;
    if (mark.x > 2.5) v_pip = vec4(0.0, 0.0, 0.0, -1.0);
    else if (mark.x > 1.5) v_pip = vec4(u_mark_dark, 1.0);
    else if (mark.x > 0.5) v_pip = vec4(u_mark_light, 1.0);
  }
  // Dots and rings: radius, stroke and a pixel of antialiasing. Arrows: room to turn the
  // 24-unit drawing, whose far corners are 14.5 units from its centre.
  v_sprite_px = isArrow ? u_arrow_px * 1.25 + 2.0 : 2.0 * (v_inner_px + v_stroke_px + 1.0);
  gl_PointSize = v_sprite_px * u_pixel_ratio;
}
`;

export const FRAGMENT_SHADER = `#version 300 es
precision highp float;

uniform float u_pass;
uniform float u_ring_dashes;

in vec4 v_fill;
in vec4 v_stroke;
in float v_sprite_px;
in float v_inner_px;
in float v_stroke_px;
in float v_angle;
in vec4 v_pip;
in float v_pip_px;

out vec4 fragColor;

// Signed distance from an edge of a triangle wound so that the inside is positive.
float edge(vec2 p, vec2 a, vec2 b) {
  vec2 e = b - a;
  return (e.x * (p.y - a.y) - e.y * (p.x - a.x)) / length(e);
}

float triangle(vec2 p, vec2 a, vec2 b, vec2 c) {
  return min(edge(p, a, b), min(edge(p, b, c), edge(p, c, a)));
}

void main() {
  // From the sprite's centre, CSS pixels, y down.
  vec2 p = (gl_PointCoord - 0.5) * v_sprite_px;
  if (u_pass > 1.5) {
    // Turn the point back into the arrow's own frame (pointing up), in its 24-unit drawing.
    float c = cos(v_angle);
    float s = sin(v_angle);
    vec2 q = vec2(c * p.x + s * p.y, c * p.y - s * p.x) * (24.0 / v_inner_px) + 12.0;
    float unitPx = v_inner_px / 24.0;
    float outer = clamp(triangle(q, vec2(12.0, 0.5), vec2(22.5, 22.0), vec2(1.5, 22.0)) * unitPx + 0.5, 0.0, 1.0);
    float inner = clamp(triangle(q, vec2(12.0, 3.0), vec2(20.0, 20.5), vec2(4.0, 20.5)) * unitPx + 0.5, 0.0, 1.0);
    fragColor = v_fill * inner + v_stroke * (outer - inner);
  } else if (u_pass < 0.5) {
    // The stalled ring: light dashes with a dark edge, so it reads on light and dark maps.
    float d = length(p);
    float outer = v_inner_px + v_stroke_px;
    float band = smoothstep(v_inner_px - 0.5, v_inner_px + 0.5, d)
      * (1.0 - smoothstep(outer - 0.5, outer + 0.5, d));
    float edge = smoothstep(v_inner_px - 1.5, v_inner_px - 0.5, d)
      * (1.0 - smoothstep(outer + 0.5, outer + 1.5, d));
    float turn = atan(p.y, p.x) / 6.2831853 + 0.5;
    float dash = step(0.5, fract(turn * u_ring_dashes));
    fragColor = (v_stroke * band + v_fill * max(edge - band, 0.0)) * dash;
  } else {
    float d = length(p);
    float fill = 1.0 - smoothstep(v_inner_px - 0.5, v_inner_px + 0.5, d);
    float outline = 1.0 - smoothstep(v_inner_px + v_stroke_px - 0.5, v_inner_px + v_stroke_px + 0.5, d);
    vec4 body = v_fill;
    float pip = 1.0 - smoothstep(v_pip_px - 0.5, v_pip_px + 0.5, d);
    if (v_pip.a < 0.0) body *= 1.0 - pip;                // a hole: only a rim of the fill
    else if (v_pip.a > 0.0) body = mix(body, v_pip * v_fill.a, pip);
    fragColor = body * fill + v_stroke * max(outline - fill, 0.0);
  }
  if (fragColor.a <= 0.0) discard;
}
`;
