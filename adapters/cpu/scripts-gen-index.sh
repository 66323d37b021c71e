#!/usr/bin/env bash
# Regenerates src/kernels/index.ts from the kernel files (one export per file, named after the op).
cd "$(dirname "$0")/src/kernels"
names=$(ls *.ts | sed 's/\.ts$//' | grep -E '^[A-Z]' | sort)
{
  echo "// The CPU adapter's kernel list: one file per op in this folder, one line here."
  echo "// Regenerate with adapters/cpu/scripts-gen-index.sh after adding a kernel file."
  for n in $names; do echo "import { $n } from './$n.js';"; done
  echo "import type { KernelDef } from '../kernel.js';"
  echo
  echo "export const KERNELS: readonly KernelDef[] = ["
  for n in $names; do echo "  $n,"; done
  echo "];"
} > index.ts
