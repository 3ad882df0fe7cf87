// A small stand-in for Jenkins Pipeline, enough to run a shared library's vars/*.groovy the way
// Jenkins does: steps sh, withCredentials + string, withEnv, wrap (MaskPasswordsBuildWrapper),
// env, echo, error, readJSON. The build log goes to a file with Jenkins' masking applied
// (withCredentials -> ****, Mask Passwords -> ********); every sh script text Jenkins would record
// goes to a second file, so a test can prove no secret was interpolated into one.
// `withoutPlugin('wrap') { … }` in a driver runs its block as on a Jenkins without the plugin that
// provides that step (Mask Passwords for wrap, Pipeline Utility Steps for readJSON): the step
// fails; a failed wrap writes what it was asked to mask to $STUB_MASK_SPY, so a test can follow
// that token.
//
// Usage: groovy pipeline-stub.groovy VARS_DIR DRIVER.groovy BUILD_LOG SCRIPTS_LOG CREDENTIALS.json
// Exit 0 when the driver finishes, 1 (after "ERROR: ..." in the log) when a step fails.
import groovy.json.JsonSlurper
import org.codehaus.groovy.control.CompilerConfiguration

class PipelineError extends RuntimeException {
  PipelineError(String message) { super(message) }
}

class Pipeline {
  static Map<String, String> base = new LinkedHashMap<String, String>(System.getenv())
  static List<List<String>> overrides = []
  static List<List<String>> masks = []
  static Map<String, String> credentials = [:]
  static Map<String, Script> libraries = [:]
  static Set<String> unavailable = new HashSet<String>()
  static File log
  static File scripts
  static File resources

  static Map<String, String> environment() {
    Map<String, String> merged = new LinkedHashMap<String, String>(base)
    for (List<String> pair : overrides) {
      // Jenkins' EnvVars.override: an empty value removes the variable.
      if (pair[1] == null || pair[1].isEmpty()) merged.remove(pair[0]) else merged.put(pair[0], pair[1])
    }
    return merged
  }

  static String masked(String text) {
    String out = text
    for (List<String> mask : masks) {
      if (mask[0] != null && mask[0].length() > 0) out = out.replace(mask[0], mask[1])
    }
    return out
  }

  static void write(String text) {
    if (text == null || text.isEmpty()) return
    log << masked(text.endsWith('\n') ? text : text + '\n')
  }
}

class EnvView {
  def propertyMissing(String name) { Pipeline.environment().get(name) }
  def propertyMissing(String name, value) { Pipeline.base.put(name, value == null ? null : value.toString()) }
  def getProperty(String name) { Pipeline.environment().get(name) }
}

abstract class PipelineScript extends Script {
  def getEnv() { new EnvView() }

  def echo(Object message) { Pipeline.write(String.valueOf(message)) }

  def error(String message) { throw new PipelineError(message) }

  def string(Map binding) { [type: 'string'] + binding }

  def withoutPlugin(String step, Closure body) {
    boolean added = Pipeline.unavailable.add(step)
    try {
      return body()
    } finally {
      if (added) Pipeline.unavailable.remove(step)
    }
  }

  static void requireStep(String step) {
    if (Pipeline.unavailable.contains(step)) throw new PipelineError("No such DSL method '${step}' found among steps")
  }

  def readJSON(Map args) {
    requireStep('readJSON')
    new JsonSlurper().parseText(args.text as String)
  }

  def libraryResource(String path) {
    File file = new File(Pipeline.resources, path)
    if (!file.isFile()) throw new PipelineError("No such library resource ${path} could be found.")
    return file.getText('UTF-8')
  }

  def withEnv(List<String> pairs, Closure body) {
    int depth = Pipeline.overrides.size()
    pairs.each { String pair ->
      int eq = pair.indexOf('=')
      Pipeline.overrides << [pair.substring(0, eq), pair.substring(eq + 1)]
    }
    try {
      return body()
    } finally {
      while (Pipeline.overrides.size() > depth) Pipeline.overrides.remove(Pipeline.overrides.size() - 1)
    }
  }

  def withCredentials(List bindings, Closure body) {
    List<String> pairs = []
    int maskDepth = Pipeline.masks.size()
    bindings.each { Map binding ->
      if (binding.type != 'string') throw new PipelineError("stub supports string() bindings only")
      String value = Pipeline.credentials.get(binding.credentialsId)
      if (value == null) throw new PipelineError("Could not find credentials entry with ID '${binding.credentialsId}'")
      Pipeline.masks << [value, '****']
      pairs << "${binding.variable}=${value}".toString()
    }
    try {
      return withEnv(pairs, body)
    } finally {
      while (Pipeline.masks.size() > maskDepth) Pipeline.masks.remove(Pipeline.masks.size() - 1)
    }
  }

  def wrap(Map spec, Closure body) {
    if (spec.get('$class') != 'MaskPasswordsBuildWrapper') throw new PipelineError("stub supports MaskPasswordsBuildWrapper only")
    if (Pipeline.unavailable.contains('wrap')) {
      String spy = System.getenv('STUB_MASK_SPY')
      if (spy) new File(spy) << (spec.varPasswordPairs ?: []).collect { Map pair -> pair.password }.join('\n')
      throw new PipelineError('no known implementation of class jenkins.tasks.SimpleBuildWrapper is named MaskPasswordsBuildWrapper')
    }
    int maskDepth = Pipeline.masks.size()
    (spec.varPasswordPairs ?: []).each { Map pair -> Pipeline.masks << [pair.password as String, '********'] }
    try {
      return body()
    } finally {
      while (Pipeline.masks.size() > maskDepth) Pipeline.masks.remove(Pipeline.masks.size() - 1)
    }
  }

  def sh(String script) { sh([script: script]) }

  def sh(Map args) {
    String script = args.script as String
    Pipeline.scripts << "----- sh ${args.label ?: ''}\n${script}\n"
    File file = File.createTempFile('stub-sh-', '.sh')
    try {
      file.text = script
      file.setExecutable(true, true)
      // Like Jenkins: a script with a shebang runs as is; otherwise under `sh -xe`.
      List<String> command = script.startsWith('#!') ? [file.absolutePath] : ['/bin/sh', '-xe', file.absolutePath]
      ProcessBuilder builder = new ProcessBuilder(command)
      builder.environment().clear()
      builder.environment().putAll(Pipeline.environment())
      Process process = builder.start()
      process.outputStream.close()
      StringBuilder out = new StringBuilder()
      StringBuilder err = new StringBuilder()
      Thread o = process.consumeProcessOutputStream(out)
      Thread e = process.consumeProcessErrorStream(err)
      int code = process.waitFor()
      o.join(); e.join()
      if (args.returnStdout) {
        Pipeline.write(err.toString())
      } else {
        Pipeline.write(out.toString())
        Pipeline.write(err.toString())
      }
      if (args.returnStatus) return code
      if (code != 0) throw new PipelineError("script returned exit code ${code}")
      return args.returnStdout ? out.toString() : null
    } finally {
      file.delete()
    }
  }

  def methodMissing(String name, args) {
    Script library = Pipeline.libraries.get(name)
    if (library == null) throw new MissingMethodException(name, getClass(), args as Object[])
    return library.invokeMethod('call', args)
  }
}

if (args.length != 5) {
  System.err.println('usage: pipeline-stub.groovy VARS_DIR DRIVER BUILD_LOG SCRIPTS_LOG CREDENTIALS_JSON')
  System.exit(2)
}
Pipeline.resources = new File(new File(args[0]).absoluteFile.parentFile, 'resources')
Pipeline.log = new File(args[2])
Pipeline.scripts = new File(args[3])
Pipeline.credentials = new JsonSlurper().parse(new File(args[4])) as Map<String, String>
CompilerConfiguration config = new CompilerConfiguration()
config.scriptBaseClass = PipelineScript.name
GroovyShell shell = new GroovyShell(this.class.classLoader, new Binding(), config)
new File(args[0]).eachFileMatch(~/.*\.groovy/) { File f ->
  Pipeline.libraries.put(f.name.replaceAll(/\.groovy$/, ''), shell.parse(f))
}
try {
  shell.parse(new File(args[1])).run()
  Pipeline.write('Finished: SUCCESS')
} catch (PipelineError failure) {
  Pipeline.write("ERROR: ${failure.message}")
  Pipeline.write('Finished: FAILURE')
  System.exit(1)
}
