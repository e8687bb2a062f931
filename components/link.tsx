// The app's links: next/link without automatic prefetch.
//
// next/link prefetches every link as it scrolls into view. Every page of this app is dynamic (it depends on who
// is signed in), so a prefetch brings back only the route's shape (about 0.3 KB) while costing the server a
// request each: a real Chromium on the officer's home sent 24 such requests per page view, the task list 16, each
// 7–15 ms of server CPU. With a province's users that is several times the work of the pages themselves. A click
// still navigates in the browser (only the changed part of the page is fetched, the shell stays); it just is not
// fetched before the click. Import this instead of next/link (eslint.config.mjs refuses next/link elsewhere).
import NextLink from "next/link";
import type { ComponentProps } from "react";

export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
