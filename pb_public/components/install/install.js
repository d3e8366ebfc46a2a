// Installing the app: Android/desktop Chrome offer a prompt we can trigger;
// iPhones need Share > Add to Home Screen (and only deliver push to
// installed apps), so they get the steps instead.

export const installState = {
  /** the deferred beforeinstallprompt event, when the browser offers one */
  prompt: null,
  installed: matchMedia("(display-mode: standalone)").matches || navigator.standalone === true,
  ios: /iphone|ipad|ipod/i.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1),
  onChange: () => {},
}

addEventListener("beforeinstallprompt", (e) => {
  e.preventDefault()
  installState.prompt = e
  installState.onChange()
})

addEventListener("appinstalled", () => {
  installState.installed = true
  installState.prompt = null
  installState.onChange()
})

export async function install() {
  const prompt = installState.prompt
  if (!prompt) return
  installState.prompt = null
  await prompt.prompt()
  installState.onChange()
}
