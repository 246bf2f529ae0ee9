/**
 * The elk layout engine in a Web Worker: elk's worker script answers elk-api's messages by
 * itself once it finds it runs in a worker (no document), so importing it is all there is.
 */
import 'elkjs/lib/elk-worker.min.js'
