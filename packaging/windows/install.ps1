# Install the built folder for the current user and add a Start-menu shortcut.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\install.ps1 [-Bundle dist\genart-desktop]
# Not checked on Windows by this project's CI (Linux only): see packaging/README.md.
param([string]$Bundle = "$PSScriptRoot\..\..\dist\genart-desktop")
$ErrorActionPreference = "Stop"
$target = Join-Path $env:LOCALAPPDATA "Programs\GenArt Desktop"
if (Test-Path $target) { Remove-Item -Recurse -Force $target }
Copy-Item -Recurse $Bundle $target
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut((Join-Path ([Environment]::GetFolderPath("Programs")) "GenArt Desktop.lnk"))
$link.TargetPath = Join-Path $target "genart-desktop.exe"
$link.WorkingDirectory = $target
$link.IconLocation = Join-Path $target "genart-desktop.exe"
$link.Save()
Write-Host "Installed in $target; GenArt Desktop is in the Start menu."
