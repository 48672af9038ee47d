/** The draft files of the folder store, where they now live (src/io/workspace/draft-files.ts). */
export * from '../../io/workspace/draft-files.js';
