// Runs after the generated project's own 'verify' passed (archetype:integration-test's post-build script), for
// what that build does not show: the project's Maven wrapper and the README's run command, the deploy files wired
// to the declared secrets, and a lean jar. context.projectDir: the generated project.
def project = context.projectDir as File
def archetypeTarget = project.parentFile.parentFile.parentFile.parentFile.parentFile
def settings = new File(archetypeTarget, 'archetype-it/interpolated-it-settings.xml')
def itRepo = new File(archetypeTarget, 'it-repo')

def run = { List<String> command ->
  def builder = new ProcessBuilder(command).directory(project).redirectErrorStream(true)
  builder.environment().keySet().removeIf { it.startsWith('MAVEN_') } // this build's own wrapper settings
  builder.environment().put('MAVEN_OPTS', '-XX:TieredStopAtLevel=1') // a short-lived Maven starts faster
  // Where the ./mvnw that deploy.sh runs finds its artifacts (the same as the commands below name).
  builder.environment().put('MAVEN_ARGS', "-s ${settings.path} -Dmaven.repo.local=${itRepo.path}".toString())
  def process = builder.start()
  def output = process.inputStream.getText('UTF-8')
  [process.waitFor(), output]
}

// The wrapper is executable (archetype-post-generate.groovy), and ./mvnw runs the README's first command as
// written; local.check makes the launcher invoke the function once and exit.
assert new File(project, 'mvnw').canExecute()
def (status, output) = run(['./mvnw', '-B', '-s', settings.path, "-Dmaven.repo.local=${itRepo.path}".toString(),
    '-Plocal', '-Dlocal.check=true', 'package'])
assert status == 0 && output.contains('check: 200') : output

// The template's Environment.Variables are exactly the variables the function declares (from the description the
// compiler wrote into the jar), and its handler is the function's class.
def descriptor = new File(project, 'target/classes/META-INF/secretfn/secrets/com.example.functions.greeter.GreeterSecrets.json')
def declared = (descriptor.getText('UTF-8') =~ /"variable":"([A-Z0-9_]+)"/).collect { it[1] } as Set
def template = new File(project, 'deploy/template.yaml').readLines()
def variablesAt = template.findIndexOf { it.trim() == 'Variables:' }
def indent = template[variablesAt + 1].takeWhile { it == ' ' }
def listed = template.drop(variablesAt + 1).takeWhile { it.startsWith(indent) }
    .collect { it.trim() }.findAll { it ==~ /^[A-Z0-9_]+:.*/ }.collect { it.substring(0, it.indexOf(':')) } as Set
assert declared == ['API_KEY', 'SIGNING_KEY'] as Set
assert listed == declared : listed
assert template.contains('      Handler: com.example.functions.greeter.GreeterFunction')
assert template.contains('      CodeUri: ../target/deploy/greeter.jar')

// The pre-deploy check, as the README says to run it, fails on the placeholders: one line per variable, with the fix.
(status, output) = run(['./mvnw', '-B', '-ntp', 'compile', 'secretfn:check'])
assert status != 0 : output
assert output.contains('ERROR API_KEY: ') && output.contains('ERROR SIGNING_KEY: ') : output
assert output.contains('secretfn check: component com.example.functions.greeter.GreeterComponent') : output

// deploy.sh refuses the placeholders, naming the parameters, and deploys the template with the parameters.
(status, output) = run(['deploy/deploy.sh', '--stack-name', 'greeter', '--region', 'eu-central-1', '--dry-run'])
assert status == 2 && output.contains('placeholders') && output.contains('ApiKeyCiphertext KmsKeyArn SigningKeyVersion') : output
def filled = new File(project, 'target/parameters.env')
// Filled in as the README says, the check passes and deploy.sh deploys; a plaintext API key stops it, unprinted.
def ciphertext = Base64.encoder.encodeToString((0..<64).collect { (byte) (it * 7) } as byte[])
filled.text = new File(project, 'deploy/parameters.env').text.replace('REPLACE_ME_VERSION', '3')
    .replace('REPLACE_ME_base64_ciphertext_from_aws_kms_encrypt', ciphertext).replace('REPLACE_ME', 'x')
(status, output) = run(['deploy/deploy.sh', '--stack-name', 'greeter', '--region', 'eu-central-1', '--parameters',
    'target/parameters.env', '--dry-run'])
assert status == 0 : output
assert output.contains('0 errors, 0 warnings') : output
def plaintext = new File(project, 'target/plaintext.env')
plaintext.text = filled.text.replace(ciphertext, 'sk-live-canary-4c1d')
def (refused, refusal) = run(['deploy/deploy.sh', '--stack-name', 'greeter', '--region', 'eu-central-1',
    '--parameters', 'target/plaintext.env', '--dry-run'])
assert refused == 1 && refusal.contains('ERROR API_KEY: ') && refusal.contains('nothing was deployed') : refusal
assert !refusal.contains('sk-live-canary-4c1d') && !refusal.contains('sam deploy') : refusal
output = output.readLines().find { it.startsWith('sam deploy') } ?: output
assert output.startsWith('sam deploy --template-file deploy/template.yaml --stack-name greeter ') : output
assert output.contains('--parameter-overrides ApiKeyCiphertext=' + ciphertext) && output.contains('SigningKeyVersion=3') : output

// The deployable jar is alone in target/deploy and lean: no test kit, no AWS SDK service client, no Google library.
def jars = new File(project, 'target/deploy').list() as List
assert jars == ['greeter.jar'] : jars
def entries = new java.util.zip.ZipFile(new File(project, 'target/deploy/greeter.jar')).withCloseable { zip ->
  zip.entries().collect { it.name }
}
assert entries.contains('com/example/functions/greeter/GreeterFunction.class')
assert entries.contains('META-INF/secretfn/secrets/com.example.functions.greeter.GreeterSecrets.json')
assert !entries.any { it.startsWith('dev/secretfn/testing/') || it.startsWith('software/amazon/awssdk/services/')
    || it.startsWith('com/google/') && !it.startsWith('com/google/errorprone/') }
assert new File(project, 'target/deploy/greeter.jar').length() < 8_000_000
println "verify.groovy: the wrapper, the local run, the deploy files and the jar are as the README says"
true
