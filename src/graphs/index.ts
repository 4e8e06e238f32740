/** Random graphs, their layering into structured recurrent models, and their properties (thesis section 5.3). */
export * from "./simple-graph";
export * from "./barabasi-albert";
export * from "./watts-strogatz";
export * from "./erdos-renyi";
export * from "./gnm-random-graph";
export * from "./random-graphs";
export * from "./layered-graph";
export * from "./graph-properties";
export * from "./graph-file";
export * from "./clustering";
export * from "./ws-flex";
export * from "./complete-graph";
export * from "./relational-measures";
export * from "./relational-network";
