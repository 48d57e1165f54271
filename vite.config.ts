import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server serves dist/client and index.html for every non-/api path.
// In development, Vite serves the client and passes the API and the socket to the server.
const server = process.env.ACCORD_SERVER ?? 'http://localhost:3000';

/** The chunks a document's address needs first: the connection (socket, device copy) and the page. */
const DOCUMENT_ENTRIES = ['/client/editor/connection.ts', '/client/routes/DocumentPage.tsx'];

/**
 * The first few lines of every page, in index.html's head, run before the app's script has arrived:
 * - they ask for the session (/api/me), which every page needs first, and on a document's address for
 *   the document's details, as the app would (same request; client/api.ts takes each answer once);
 * - on a document's address they add a modulepreload link for the document page's code and the
 *   connection's (and what those import) that index.html does not already preload, instead of the
 *   app asking for them once it has run.
 * The app's script itself takes 100-250 ms to arrive and run: these no longer wait for it.
 */
function earlyStart(documentChunks: string[]): string {
  return `(function(){
var early=window.__accordEarly={};
function ask(path){var p=fetch(path,{credentials:'same-origin',headers:{Accept:'application/json'}});p.catch(function(){});early[path]=p;}
ask('/api/me');
var at=location.pathname.split('/');
if(at[1]!=='documents'||!at[2]||at.length>4||(at.length===4&&at[3]!==''))return;
try{ask('/api/documents/'+encodeURIComponent(decodeURIComponent(at[2])));}catch(e){}
${JSON.stringify(documentChunks)}.forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l);});
})()`;
}

/** Puts earlyStart in index.html, with the document page's chunks as this build named them. */
function earlyStartPlugin(): Plugin {
  return {
    name: 'accord:early-start',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry);
        // What index.html loads anyway: the entry and everything it imports statically.
        const already = new Set<string>();
        const reach = (file: string, into: Set<string>) => {
          if (into.has(file)) return;
          into.add(file);
          for (const next of byFile.get(file)?.imports ?? []) reach(next, into);
        };
        if (entry) reach(entry.fileName, already);
        const wanted = new Set<string>();
        for (const suffix of DOCUMENT_ENTRIES) {
          // The chunk holding the module (a dynamic import's own chunk, or one shared with others).
          const chunk = chunks.find((c) => c.moduleIds.some((id) => id.endsWith(suffix)));
          if (!chunk) throw new Error(`earlyStart: no chunk holds ${suffix}`);
          reach(chunk.fileName, wanted);
        }
        const files = [...wanted].filter((f) => !already.has(f)).map((f) => `/${f}`);
        return html.replace('</title>', `</title>\n    <script>${earlyStart(files)}</script>`);
      },
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), earlyStartPlugin()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      // Anchored patterns: a bare '/api' prefix would also swallow the module /api.ts.
      '^/api/': { target: server, changeOrigin: false },
      '^/collab/': { target: server, ws: true, changeOrigin: false },
    },
  },
});
