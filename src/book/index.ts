/** The walkthrough book: executed notebooks rendered into a static, offline HTML site, and its browser check. */
export * from "./notebook-file";
export * from "./markdown";
export * from "./cell-outputs";
export * from "./chapter";
export * from "./page-layout";
export * from "./book-sources";
export * from "./notebook-execution";
export * from "./book-site";
export * from "./site-check";
