// The console is a client-side app served as static files by the server.
export const ssr = false;
export const prerender = false;
