/// The operator console: one self-contained page (inline CSS and script, nothing fetched from
/// elsewhere) that signs in and then calls the JSON API with the bearer token.
///
/// Every piece of API data reaches the page through `textContent` or text nodes, never as
/// markup. The text below contains no backslashes, so it is exactly what the browser gets.
enum ConsolePage {
    /// The whole page: markup with its styles and script inline (the CSP allows only inline).
    static let html = head + styles + body + script + tail

    /// Document head up to the styles.
    static let head: String = """
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>居家养老服务节点控制台 Care node console</title>
"""

    /// The markup: sign-in form, node header, tabs.
    static let body: String = """
</head>
<body>
<div id="banner" role="alert" hidden></div>
<section id="login" hidden>
  <h1>节点控制台 <span class="en">Node console</span></h1>
  <form id="login-form">
    <label for="login-name">用户名 <span class="en">Name</span></label>
    <input id="login-name" autocomplete="username" required>
    <label for="login-password">密码 <span class="en">Password</span></label>
    <input id="login-password" type="password" autocomplete="current-password" required>
    <button type="submit">登录 <span class="en">Sign in</span></button>
  </form>
</section>
<div id="app" hidden>
  <header>
    <h1 id="node-name"></h1>
    <span id="node-tier"></span>
    <span id="node-code"></span>
    <span id="node-parent"></span>
    <span class="spacer"></span>
    <button id="refresh" type="button" class="secondary">刷新 <span class="en">Refresh</span></button>
    <button id="logout" type="button" class="secondary">退出 <span class="en">Sign out</span></button>
  </header>
  <div id="tiles" class="tiles"></div>
  <nav id="tabs" role="tablist"></nav>
  <main id="panel" role="tabpanel"></main>
</div>
"""

    /// Closing tags.
    static let tail: String = """
</body>
</html>
"""
}
