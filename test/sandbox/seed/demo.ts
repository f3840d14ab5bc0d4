/**
 * `--seed demo`: a small school in `_system` — `students` (name, age, city, courses, gpa) and
 * `courses` — so the extension has something to query right away. Seeding twice changes nothing.
 */
import type { Collection, DataStore } from '../data/store';

const COURSES = [
  { _key: 'cs101', title: 'Introduction to Programming', department: 'Computer Science', credits: 6 },
  { _key: 'cs201', title: 'Algorithms and Data Structures', department: 'Computer Science', credits: 6 },
  { _key: 'db301', title: 'Database Systems', department: 'Computer Science', credits: 5 },
  { _key: 'ma101', title: 'Linear Algebra', department: 'Mathematics', credits: 5 },
  { _key: 'ma201', title: 'Probability and Statistics', department: 'Mathematics', credits: 5 },
  { _key: 'ph101', title: 'Classical Mechanics', department: 'Physics', credits: 4 },
  { _key: 'hi110', title: 'Modern European History', department: 'History', credits: 3 },
  { _key: 'ec120', title: 'Principles of Economics', department: 'Economics', credits: 4 },
] as const;

const FIRST_NAMES = [
  'Neal', 'Lily', 'Amara', 'Jonas', 'Priya', 'Mateo', 'Sofia', 'Kenji', 'Fatima', 'Lukas', 'Chloe', 'Omar',
  'Ingrid', 'Diego', 'Hana', 'Tariq', 'Elena', 'Noah', 'Aisha', 'Felix', 'Mei', 'Samuel', 'Zara', 'Pavel',
  'Grace', 'Arjun', 'Nora', 'Emil', 'Leila', 'Hugo', 'Yara', 'Oskar', 'Ines', 'Kofi', 'Clara', 'Ravi',
] as const;

const LAST_NAMES = ['Fischer', 'Okafor', 'Silva', 'Tanaka', 'Novak', 'Haddad', 'Larsen', 'Moreau', 'Kowalski', 'Patel', 'Rossi', 'Berg'] as const;

const CITIES = ['Cologne', 'Berlin', 'Lisbon', 'Osaka', 'Prague', 'Beirut', 'Oslo', 'Lyon', 'Krakow', 'Pune', 'Turin', 'Bergen'] as const;

/** The students, derived deterministically so every seeded sandbox holds the same data. */
export function demoStudents(): Record<string, unknown>[] {
  return FIRST_NAMES.map((first, i) => {
    const last = LAST_NAMES[(i * 5) % LAST_NAMES.length]!;
    const courseCount = 2 + (i % 3);
    const courses = Array.from({ length: courseCount }, (_, j) => COURSES[(i + j * 3) % COURSES.length]!._key);
    return {
      _key: first.toLowerCase(),
      name: `${first} ${last}`,
      age: 18 + ((i * 7) % 9),
      city: CITIES[(i * 7) % CITIES.length]!,
      courses,
      gpa: Math.round((2 + ((i * 37) % 21) / 10) * 10) / 10,
    };
  });
}

/** Adds the demo collections and documents to `_system` where they are missing. */
export function seedDemo(store: DataStore): void {
  const system = store.database('_system');
  if (system === undefined) {
    throw new Error('the data store has no _system database');
  }
  const students = system.collection('students') ?? system.createCollection('students');
  const courses = system.collection('courses') ?? system.createCollection('courses');
  insertMissing(courses, COURSES.map((course) => ({ ...course })));
  insertMissing(students, demoStudents());
}

function insertMissing(collection: Collection, documents: Record<string, unknown>[]): void {
  for (const document of documents) {
    if (collection.document(String(document['_key'])) === undefined) {
      collection.insert(document);
    }
  }
}
