// Starts GraphiQL 4 with the example operations (one tab each: the numbers query, then the
// caller ID change) and the headers the server put in #graphiql-config.
(function () {
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var base = GraphiQL.createFetcher({ url: window.location.pathname });
  // GraphiQL 4 keeps the last run's operation name when another tab is run before its editor is
  // edited, and the server rightly refuses a name the document does not define. A name that
  // names no operation of the text being sent is dropped (a one-operation document then runs).
  var fetcher = function (params, options) {
    var name = params && params.operationName;
    if (name && typeof params.query === 'string') {
      var defines = new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(params.query);
      if (!defines) params = Object.assign({}, params, { operationName: null });
    }
    return base(params, options);
  };
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.query,
      defaultHeaders: config.headers,
      defaultTabs: config.examples.map(function (query) {
        return { query: query, headers: config.headers };
      }),
      defaultEditorToolsVisibility: config.headers ? 'headers' : true,
      shouldPersistHeaders: false,
    })
  );
})();
