// @kixelated/moq 0.9.4 ships two extensionless relative imports ("../stream") that plain Node ESM rejects.
// Retry a failed relative specifier with ".js" appended.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (err?.code === "ERR_MODULE_NOT_FOUND" && relative && !specifier.endsWith(".js")) {
      return nextResolve(`${specifier}.js`, context);
    }
    throw err;
  }
}
