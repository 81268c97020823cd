// The archetype copies files without their modes: make the Maven wrapper and the deploy script executable, and
// name the ignore file as git expects (a '.gitignore' would be left out of the archetype's own jar).
def project = new File(request.outputDirectory, request.artifactId)
['mvnw', 'deploy/deploy.sh'].each { new File(project, it).setExecutable(true, false) }
def ignore = new File(project, 'gitignore')
if (ignore.exists()) {
  ignore.renameTo(new File(project, '.gitignore'))
}
