/** A book as the data layer stores it. `mappers` in gqlambda.config.ts makes it the parent of Book's resolvers. */
export interface BookRecord {
  id: string;
  title: string;
  author: string;
  year: number;
  blurb: string;
}

export const books: readonly BookRecord[] = [
  {
    id: '1',
    title: 'The Left Hand of Darkness',
    author: 'Ursula K. Le Guin',
    year: 1969,
    blurb: 'An envoy from a galactic union travels to a winter planet whose people have no fixed sex, and learns what trust costs.',
  },
  {
    id: '2',
    title: 'The Dispossessed',
    author: 'Ursula K. Le Guin',
    year: 1974,
    blurb: 'A physicist leaves his anarchist moon for the rich planet it broke away from, carrying a theory both worlds want.',
  },
  {
    id: '3',
    title: 'Kindred',
    author: 'Octavia E. Butler',
    year: 1979,
    blurb: 'A writer in 1976 Los Angeles is pulled back in time, again and again, to a plantation in antebellum Maryland.',
  },
];
