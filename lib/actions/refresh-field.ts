// Shared by the server (lib/actions/server-action.ts) and the browser (components/forms/action-form.tsx): no imports.
/**
 * A form field the browser's ActionForm adds when the page should show the write's result: the server then renders
 * the page again into the action's own answer (next/cache refresh()), instead of the browser asking for it in a
 * second request (router.refresh()). Not part of any action's input: taken out before the input is parsed.
 */
export const REFRESH_FIELD = "$PINGAN_REFRESH";
