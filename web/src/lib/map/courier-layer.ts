import type {
  CustomLayerInterface,
  CustomRenderMethodInput,
  Map as MapLibreMap,
} from 'maplibre-gl';
import {
  COURIER_MARKER,
  markerSizes,
  movementMarkTable,
  rgbOf,
  stateColorTable,
} from './courier-style';
import {
  ATTRIBUTES,
  FRAGMENT_SHADER,
  PASS,
  UNIFORMS,
  VERTEX_SHADER,
  type CourierUniform,
} from './courier-shaders';
import { FLOATS_PER_COURIER, type CourierVertices } from './courier-vertices';
import { localMatrix, worldSizePx, type DrawnView } from './mercator';

/** The fleet's clock settings the markers glide and go stale by. */
export interface CourierTiming {
  moveMs: number;
  staleAfterMs: number;
  /** When the stream is down, every marker is drawn stale. */
  live: boolean;
}

/** Bottom to top: stalled rings under dots, arrows over both. */
const PASSES = [PASS.alertRing, PASS.dot, PASS.arrow] as const;

interface GlResources {
  program: WebGLProgram;
  buffer: WebGLBuffer;
  vao: WebGLVertexArrayObject;
  uniforms: Record<CourierUniform, WebGLUniformLocation | null>;
  /** Floats the GPU buffer holds. */
  capacity: number;
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS) && !gl.isContextLost()) {
    throw new Error(`courier layer shader: ${gl.getShaderInfoLog(shader) ?? 'does not compile'}`);
  }
  return shader;
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
  const program = gl.createProgram();
  const vertex = compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER);
  const fragment = compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER);
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  ATTRIBUTES.forEach((name, i) => gl.bindAttribLocation(program, i, name));
  gl.linkProgram(program);
  gl.deleteShader(vertex);
  gl.deleteShader(fragment);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost()) {
    throw new Error(`courier layer program: ${gl.getProgramInfoLog(program) ?? 'does not link'}`);
  }
  return program;
}

/**
 * The couriers on the map as a MapLibre custom layer: one GPU point per courier drawn from
 * CourierVertices in three passes (stalled rings, dots filled by the worst open stop and marked
 * by movement, heading arrows). New fixes reach the GPU as one buffer upload of the slots that
 * changed; between fixes a frame only sets a clock uniform, and markers glide and go stale in
 * the vertex shader. Nothing goes through a GeoJSON source, so MapLibre never re-tiles or lays
 * out symbols for couriers.
 */
export class CourierLayer implements CustomLayerInterface {
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  timing: CourierTiming = { moveMs: 500, staleAfterMs: 30_000, live: false };
  /** The matrix and size of the last frame drawn, for picking; null before the first frame. */
  drawnView: DrawnView | null = null;

  #map: MapLibreMap | null = null;
  #gl: GlResources | null = null;
  readonly #stateColors = stateColorTable();
  readonly #movementMarks = movementMarkTable();
  readonly #strokeColor = rgbOf(COURIER_MARKER.strokeColor);
  readonly #selectedColor = rgbOf(COURIER_MARKER.selectedStrokeColor);
  readonly #markLight = rgbOf(COURIER_MARKER.markLightColor);
  readonly #markDark = rgbOf(COURIER_MARKER.markDarkColor);
  readonly #matrix32 = new Float32Array(16);
  readonly #sizes = markerSizes(0);
  readonly #view: DrawnView = { matrix: new Float64Array(16), widthPx: 0, heightPx: 0 };

  constructor(
    readonly id: string,
    readonly vertices: CourierVertices,
  ) {}

  onAdd(map: MapLibreMap, gl: WebGL2RenderingContext): void {
    this.#map = map;
    const program = link(gl);
    const buffer = gl.createBuffer();
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    const data = this.vertices.data;
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
    const stride = FLOATS_PER_COURIER * 4;
    ATTRIBUTES.forEach((_, i) => {
      gl.enableVertexAttribArray(i);
      gl.vertexAttribPointer(i, 2, gl.FLOAT, false, stride, i * 2 * 4);
    });
    gl.bindVertexArray(null);
    const uniforms = Object.fromEntries(
      UNIFORMS.map((name) => [name, gl.getUniformLocation(program, name)]),
    ) as Record<CourierUniform, WebGLUniformLocation | null>;
    this.#gl = { program, buffer, vao, uniforms, capacity: data.length };
    // Everything in the data goes up with the first upload.
    this.vertices.takeWritten();
  }

  onRemove(_map: MapLibreMap, gl: WebGL2RenderingContext): void {
    const res = this.#gl;
    if (res) {
      gl.deleteVertexArray(res.vao);
      gl.deleteBuffer(res.buffer);
      gl.deleteProgram(res.program);
    }
    this.#gl = null;
    this.#map = null;
    this.drawnView = null;
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const res = this.#gl;
    const map = this.#map;
    if (!res || !map) return;
    const vertices = this.vertices;
    const now = Date.now();
    const zoom = map.getZoom();
    const pixelRatio = map.getPixelRatio();
    const view = this.#view;
    localMatrix(
      options.modelViewProjectionMatrix,
      vertices.originX,
      vertices.originY,
      worldSizePx(zoom),
      view.matrix,
    );
    view.widthPx = gl.drawingBufferWidth / pixelRatio;
    view.heightPx = gl.drawingBufferHeight / pixelRatio;
    this.drawnView = view;

    gl.bindVertexArray(res.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, res.buffer);
    this.#upload(gl, res);
    if (vertices.count === 0) {
      gl.bindVertexArray(null);
      return;
    }

    const u = res.uniforms;
    const sizes = markerSizes(zoom, this.#sizes);
    const { moveMs, staleAfterMs, live } = this.timing;
    gl.useProgram(res.program);
    this.#matrix32.set(view.matrix);
    gl.uniformMatrix4fv(u.u_matrix, false, this.#matrix32);
    gl.uniform2f(u.u_viewport, view.widthPx, view.heightPx);
    gl.uniform1f(u.u_pixel_ratio, pixelRatio);
    gl.uniform1f(u.u_now, now - vertices.epochMs);
    gl.uniform1f(u.u_move_ms, moveMs);
    // Not live: every fix counts as stale.
    gl.uniform1f(u.u_stale_before, live ? now - staleAfterMs - vertices.epochMs : 3.0e38);
    gl.uniform1f(u.u_radius, sizes.radiusPx);
    gl.uniform1f(u.u_ring_radius, sizes.alertRingRadiusPx);
    gl.uniform1f(u.u_ring_width, COURIER_MARKER.alertRingWidthPx);
    gl.uniform1f(u.u_arrow_px, sizes.arrowPx);
    gl.uniform1f(u.u_arrow_offset, sizes.arrowOffsetPx);
    gl.uniform1f(u.u_bearing, (map.getBearing() * Math.PI) / 180);
    gl.uniform3fv(u.u_state_colors, this.#stateColors);
    gl.uniform3fv(u.u_movement_marks, this.#movementMarks);
    gl.uniform3fv(u.u_stroke_color, this.#strokeColor);
    gl.uniform3fv(u.u_selected_color, this.#selectedColor);
    gl.uniform3fv(u.u_mark_light, this.#markLight);
    gl.uniform3fv(u.u_mark_dark, this.#markDark);
    gl.uniform1f(u.u_ring_dashes, COURIER_MARKER.alertRingDashes);
    gl.uniform1f(u.u_stroke_px, COURIER_MARKER.strokePx);
    gl.uniform1f(u.u_selected_stroke_px, COURIER_MARKER.selectedStrokePx);
    gl.uniform1f(u.u_stale_opacity, COURIER_MARKER.staleOpacity);
    gl.uniform1f(u.u_arrow_opacity, COURIER_MARKER.arrowOpacity);
    for (const pass of PASSES) {
      gl.uniform1f(u.u_pass, pass);
      gl.drawArrays(gl.POINTS, 0, vertices.count);
    }
    gl.bindVertexArray(null);
  }

  /** Sends what changed since the last frame: the written slot range, or all when it grew. */
  #upload(gl: WebGL2RenderingContext, res: GlResources): void {
    const vertices = this.vertices;
    const written = vertices.takeWritten();
    if (vertices.data.length > res.capacity) {
      gl.bufferData(gl.ARRAY_BUFFER, vertices.data, gl.DYNAMIC_DRAW);
      res.capacity = vertices.data.length;
      return;
    }
    if (!written) return;
    gl.bufferSubData(
      gl.ARRAY_BUFFER,
      written.from * FLOATS_PER_COURIER * 4,
      vertices.data,
      written.from * FLOATS_PER_COURIER,
      (written.to - written.from) * FLOATS_PER_COURIER,
    );
  }
}
