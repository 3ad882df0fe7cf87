// A small stand-in for Jenkins Pipeline, enough to run a shared library's vars/*.groovy the way
// Jenkins does: steps sh, withCredentials + string, withEnv, wrap (MaskPasswordsBuildWrapper,
// varPasswordPairs and varMaskRegexes), env, echo, error, readJSON. The build log goes to a file
// with Jenkins' masking applied (withCredentials -> ****, Mask Passwords -> ********); every sh
// script text Jenkins would record goes to a second file, so a test can prove no secret was
// interpolated into one.
// Jenkins also keeps every step's arguments (the flow node's ArgumentsAction, written to
// builds/N/workflow/*.xml and workflow-completed/flowNodeStore.xml), blanking only values of the
// variables withCredentials binds. The stub writes each step's arguments, as Jenkins gets them
// (withEnv's `overrides`, wrap's `delegate`, sh's `script`/`label`/…), as one JSON line to a third
// file, blanking nothing, so a test can prove no secret was ever a step argument.
// `withoutPlugin('wrap') { … }` in a driver runs its block as on a Jenkins without the plugin that
// provides that step (Mask Passwords for wrap, Pipeline Utility Steps for readJSON): the step
// fails; a failed wrap appends the text of each file a *_FILE variable of its environment names to
// $STUB_MASK_SPY, so a test can follow a token kept in such a file.
//
// Usage: groovy pipeline-stub.groovy VARS_DIR DRIVER.groovy BUILD_LOG SCRIPTS_LOG CREDENTIALS.json STEP_ARGS_LOG
// Exit 0 when the driver finishes, 1 (after "ERROR: ..." in the log) when a step fails.
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.util.regex.Matcher
import java.util.regex.Pattern
import org.codehaus.groovy.control.CompilerConfiguration

class PipelineError extends RuntimeException {
  PipelineError(String message) { super(message) }
}

class Pipeline {
  static Map<String, String> base = new LinkedHashMap<String, String>(System.getenv())
  static List<List<String>> overrides = []
  static List<List<String>> masks = []
  // Mask Passwords' varMaskRegexes: each match (or, in a pattern with groups, each group) -> ********.
  static List<Pattern> patterns = []
  static Map<String, String> credentials = [:]
  static Map<String, Script> libraries = [:]
  static Set<String> unavailable = new HashSet<String>()
  static File log
  static File scripts
  static File stepArgs
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
    // As MaskPasswordsUtil.patternMatch and secretsMask: collect what the patterns find, then replace it.
    List<String> found = []
    for (Pattern pattern : patterns) {
      Matcher m = pattern.matcher(out)
      while (m.find()) {
        if (m.groupCount() > 0) {
          for (int i = 1; i <= m.groupCount(); i++) if (m.group(i) != null) found << m.group(i)
        } else {
          found << m.group()
        }
      }
    }
    for (String secret : found) if (!secret.isEmpty()) out = out.replace(secret, '********')
    return out
  }

  /** GStrings as Strings, maps and lists copied, so the record is what Jenkins would store. */
  static Object plain(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<String, Object>()
      value.each { k, v -> copy.put(String.valueOf(k), plain(v)) }
      return copy
    }
    if (value instanceof List || value instanceof Object[]) return value.collect { plain(it) }
    if (value instanceof CharSequence) return value.toString()
    return value
  }

  /** A step's arguments, by name, as the flow node's ArgumentsAction keeps them. */
  static void record(String step, Map arguments) {
    stepArgs << JsonOutput.toJson([step: step, arguments: plain(arguments)]) + '\n'
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

  def echo(Object message) {
    Pipeline.record('echo', [message: message])
    Pipeline.write(String.valueOf(message))
  }

  def error(String message) {
    Pipeline.record('error', [message: message])
    throw new PipelineError(message)
  }

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
    Pipeline.record('readJSON', args)
    requireStep('readJSON')
    new JsonSlurper().parseText(args.text as String)
  }

  def libraryResource(String path) {
    Pipeline.record('libraryResource', [resource: path])
    File file = new File(Pipeline.resources, path)
    if (!file.isFile()) throw new PipelineError("No such library resource ${path} could be found.")
    return file.getText('UTF-8')
  }

  def withEnv(List<String> pairs, Closure body) {
    Pipeline.record('withEnv', [overrides: pairs])
    return applyEnv(pairs, body)
  }

  /** withEnv's effect, without recording a step (withCredentials is one step, not two). */
  static Object applyEnv(List<String> pairs, Closure body) {
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
    Pipeline.record('withCredentials', [bindings: bindings])
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
      return applyEnv(pairs, body)
    } finally {
      while (Pipeline.masks.size() > maskDepth) Pipeline.masks.remove(Pipeline.masks.size() - 1)
    }
  }

  def wrap(Map spec, Closure body) {
    // wrap([$class: …, …]): Jenkins' DSL passes a map holding $class to the step as `delegate`.
    Pipeline.record('wrap', [delegate: spec])
    if (spec.get('$class') != 'MaskPasswordsBuildWrapper') throw new PipelineError("stub supports MaskPasswordsBuildWrapper only")
    if (Pipeline.unavailable.contains('wrap')) {
      String spy = System.getenv('STUB_MASK_SPY')
      if (spy) {
        Pipeline.environment().each { String name, String value ->
          if (name.endsWith('_FILE') && new File(value).isFile()) new File(spy) << new File(value).getText('UTF-8')
        }
      }
      throw new PipelineError('no known implementation of class jenkins.tasks.SimpleBuildWrapper is named MaskPasswordsBuildWrapper')
    }
    int maskDepth = Pipeline.masks.size()
    int patternDepth = Pipeline.patterns.size()
    (spec.varPasswordPairs ?: []).each { Map pair -> Pipeline.masks << [pair.password as String, '********'] }
    (spec.varMaskRegexes ?: []).each { Map entry -> Pipeline.patterns << Pattern.compile(entry.value as String) }
    try {
      return body()
    } finally {
      while (Pipeline.masks.size() > maskDepth) Pipeline.masks.remove(Pipeline.masks.size() - 1)
      while (Pipeline.patterns.size() > patternDepth) Pipeline.patterns.remove(Pipeline.patterns.size() - 1)
    }
  }

  def sh(String script) { sh([script: script]) }

  def sh(Map args) {
    Pipeline.record('sh', args)
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

if (args.length != 6) {
  System.err.println('usage: pipeline-stub.groovy VARS_DIR DRIVER BUILD_LOG SCRIPTS_LOG CREDENTIALS_JSON STEP_ARGS_LOG')
  System.exit(2)
}
Pipeline.resources = new File(new File(args[0]).absoluteFile.parentFile, 'resources')
Pipeline.log = new File(args[2])
Pipeline.scripts = new File(args[3])
Pipeline.stepArgs = new File(args[5])
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
